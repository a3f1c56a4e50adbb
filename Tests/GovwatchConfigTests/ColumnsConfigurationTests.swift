import GovwatchCore
import Testing

@testable import GovwatchConfig

/// `[sources.columns]`: roles by header text, one role per column, each
/// key a known role; the choices' fingerprint follows what was chosen.
@Suite("Column choices in the configuration")
struct ColumnsConfigurationTests {
    func parse(_ columns: String) throws(ConfigurationError) -> GovwatchConfiguration {
        try SourceSnippet.parse("[sources.columns]\n" + columns)
    }

    func message(_ columns: String) -> String? { SourceSnippet.message("[sources.columns]\n" + columns) }

    @Test func headersTakeTheirRoles() throws {
        let source = try #require(
            try parse("task = \"项目内容\"\nprogress = [\"进度\", \"本月进展\"]\nstatus = \"完成情况\"\n").sources.first)
        #expect(source.columns.choice(forHeader: "项目内容") == .task)
        #expect(source.columns.choice(forHeader: "本月 进展") == .progress)  // compared folded
        #expect(source.columns.choice(forHeader: "完成情况") == .status)
        #expect(source.columns.choice(forHeader: "牵头单位") == nil)
        #expect(!source.columns.fingerprint.isEmpty)
        #expect(try parse("task = \"项目内容\"\n").sources.first?.columns.fingerprint != source.columns.fingerprint)
        #expect(try SourceSnippet.parse("").sources.first?.columns.fingerprint == "")
    }

    @Test func mistakesAreNamed() {
        #expect(message("owner = \"x\"\n")?.hasPrefix("sources[0].columns.owner: unknown key") == true)
        #expect(
            message("task = 3\n")
                == "sources[0].columns.task: must be a header text or a non-empty array of them, not integer")
        #expect(message("progress = []\n")?.hasPrefix("sources[0].columns.progress: must be a header text") == true)
        #expect(message("task = \"\"\n") == "sources[0].columns.task: a header text may not be empty")
        #expect(
            message("task = \"进度\"\nprogress = \"进度\"\n")
                == "sources[0].columns.task: \"进度\" is already given to progress: one role per column")
    }
}
