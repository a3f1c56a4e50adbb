import GovwatchCore
import Testing

@testable import GovwatchConfig

/// `type = "links"` and `type = "feed"`: `match` required for links,
/// optional for feeds, a regular expression, refused on other source
/// types; `pages` and `next` for columns and links sources.
@Suite("Links sources in the configuration")
struct LinksConfigurationTests {
    func parse(_ source: String) throws(ConfigurationError) -> GovwatchConfiguration {
        try SourceSnippet.parse(source)
    }

    func message(_ source: String) -> String? { SourceSnippet.message(source) }

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

    @Test func matchBelongsToLinksAndFeedSources() {
        #expect(message("match = \"t\"\n") == "sources[0].match: applies only to type = \"links\" or \"feed\"")
        #expect(
            message("type = \"article\"\ntitle_match = \"t\"\n")
                == "sources[0].title_match: applies only to type = \"links\" or \"feed\"")
        #expect(
            message("type = \"kinds\"\n")
                == "sources[0].type: \"kinds\" is not one of \"column\", \"article\", \"links\", \"feed\"")
    }

    /// A feed names its items: `match` may narrow them, and is not needed.
    @Test func aFeedNeedsNoMatchButMayHaveOne() throws {
        let plain = try #require(try parse("type = \"feed\"\n").sources.first)
        #expect(plain.type == .feed && plain.match == nil)
        let narrowed = try #require(try parse("type = \"feed\"\ntitle_match = \"完成情况\"\n").sources.first)
        #expect(narrowed.titleMatch == "完成情况")
        #expect(
            message("type = \"feed\"\npages = 2\n")
                == "sources[0].pages: applies to JCMS columns and links sources; a feed source is one page")
    }

    /// `pages` on a links source, with its `next` template or without.
    @Test func aLinksSourceReadsSeveralPages() throws {
        let source = try #require(
            try parse("type = \"links\"\nmatch = \"t\"\npages = 3\nnext = \"index_{n}.html\"\n").sources.first)
        #expect(source.pages == 3 && source.next == "index_{n}.html")
        #expect(try parse("type = \"links\"\nmatch = \"t\"\npages = 5\n").sources.first?.next == nil)
        #expect(
            message("type = \"links\"\nmatch = \"t\"\npages = 3\nnext = \"index_2.html\"\n")
                == "sources[0].next: \"index_2.html\" has no {n}: the page number goes there, as in \"index_{n}.html\"")
        #expect(
            message("pages = 3\nnext = \"index_{n}.html\"\n") == "sources[0].next: applies only to type = \"links\"")
    }
}
