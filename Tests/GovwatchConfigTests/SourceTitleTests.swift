import Testing

@testable import GovwatchConfig

/// A source's `title`: what reviewers see for it; the name stays the key.
@Suite("Source titles in the configuration")
struct SourceTitleTests {
    @Test func aTitleIsKeptBesideTheName() throws {
        let source = try #require(try SourceSnippet.parse("title = \"  舟山市政府工作报告执行情况 \"\n").sources.first)
        #expect(source.name == "s")
        #expect(source.title == "舟山市政府工作报告执行情况")
        #expect(try SourceSnippet.parse("").sources.first?.title == nil)
    }

    @Test func aTitleIsOneShortLine() {
        let message = "sources[0].title: the title reviewers see must be one line of 1 to 60 characters"
        #expect(SourceSnippet.message("title = \"\"\n") == message)
        #expect(SourceSnippet.message("title = \"舟山\\n市\"\n") == message)
        #expect(SourceSnippet.message("title = \"\(String(repeating: "舟", count: 61))\"\n") == message)
        #expect(SourceSnippet.message("title = 3\n")?.hasPrefix("sources[0].title:") == true)
    }
}

/// `[daemon] overdue_after` and `[site] quiet_after`: durations, with defaults.
@Suite("Calendar settings in the configuration")
struct CalendarSettingsTests {
    @Test func overdueAndQuietTakeDurations() throws {
        let defaults = try SourceSnippet.parse("")
        #expect(defaults.daemon.overdueAfter == .seconds(60 * 86400))
        #expect(defaults.site.quietAfter == .seconds(180 * 86400))
        let set = try ConfigurationLoader.parse(
            "[daemon]\noverdue_after = \"30d\"\n[site]\nquiet_after = \"90d\"\n", file: ConfigurationTests.file)
        #expect(set.daemon.overdueAfter == .seconds(30 * 86400) && set.site.quietAfter == .seconds(90 * 86400))
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.parse("[site]\nquiet_after = \"1h\"\n", file: ConfigurationTests.file)
        }
        // Whole days or never: the alert and the site's 逾期 judge by the day.
        #expect(
            try ConfigurationLoader.parse("[daemon]\noverdue_after = \"0s\"\n", file: ConfigurationTests.file)
                .daemon.overdueAfter == .zero)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.parse("[daemon]\noverdue_after = \"12h\"\n", file: ConfigurationTests.file)
        }
    }
}
