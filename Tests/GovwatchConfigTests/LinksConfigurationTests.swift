import GovwatchCore
import Testing

@testable import GovwatchConfig

/// `type = "links"`: `match` required and a regular expression, refused
/// on other source types, and `pages` left to JCMS columns.
@Suite("Links sources in the configuration")
struct LinksConfigurationTests {
    func parse(_ source: String) throws(ConfigurationError) -> GovwatchConfiguration {
        try ConfigurationLoader.parse(
            "[[sources]]\nname = \"trs\"\nurl = \"http://trs.test/col/index.html\"\n" + source,
            file: ConfigurationTests.file)
    }

    func message(_ source: String) -> String? {
        do {
            _ = try parse(source)
            return nil
        } catch { return "\(error.key ?? ""): \(error.message)" }
    }

    @Test func aLinksSourceKeepsItsPatterns() throws {
        let source = try #require(
            try parse("type = \"links\"\nmatch = '/t\\d{8}_\\d+\\.html$'\ntitle_match = \"完成情况\"\n").sources.first)
        #expect(source.type == .links)
        #expect(source.match == "/t\\d{8}_\\d+\\.html$" && source.titleMatch == "完成情况")
    }

    @Test func matchIsRequiredAndMustCompile() {
        #expect(message("type = \"links\"\n")?.hasPrefix("sources[0].match: a links source needs match") == true)
        #expect(
            message("type = \"links\"\nmatch = \"t(\"\n")?.hasPrefix(
                "sources[0].match: \"t(\" is not a regular expression") == true)
        #expect(
            message("type = \"links\"\nmatch = \"t\"\ntitle_match = \"[\"\n")?.hasPrefix(
                "sources[0].title_match: \"[\" is not a regular expression") == true)
    }

    @Test func matchBelongsToLinksSourcesAlone() {
        #expect(message("match = \"t\"\n") == "sources[0].match: applies only to type = \"links\"")
        #expect(
            message("type = \"article\"\ntitle_match = \"t\"\n")
                == "sources[0].title_match: applies only to type = \"links\"")
        #expect(
            message("type = \"links\"\nmatch = \"t\"\npages = 3\n")?.hasPrefix(
                "sources[0].pages: applies to JCMS columns only") == true)
        #expect(
            message("type = \"feed\"\n") == "sources[0].type: \"feed\" is not one of \"column\", \"article\", \"links\""
        )
    }
}
