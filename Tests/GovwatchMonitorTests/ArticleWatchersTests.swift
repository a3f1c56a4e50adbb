import GovwatchConfig
import Testing

@testable import GovwatchMonitor

/// One URL, one document: a column lists, but does not store, a page an
/// article source watches. Which sources watch which URL is found once.
@Suite("The URLs article sources watch")
struct ArticleWatchersTests {
    @Test func aURLIsWatchedByTheArticleSourcesNamingItOnly() {
        let report = "http://h/art/1.html"
        let watchers = ArticleWatchers([
            .init(name: "column", url: "http://h/col/1.html", type: .column),
            .init(name: "one", url: report, type: .article),
            .init(name: "two", url: report, type: .article),
            .init(name: "other", url: "http://h/art/2.html", type: .article),
        ])
        #expect(watchers.isWatched(report, byOtherThan: "column"))
        #expect(watchers.isWatched(report, byOtherThan: "one"))  // "two" watches it too
        #expect(!watchers.isWatched("http://h/art/2.html", byOtherThan: "other"))  // itself only
        #expect(!watchers.isWatched("http://h/col/1.html", byOtherThan: "column"))  // a column watches nothing
        #expect(!watchers.isWatched("http://h/art/3.html", byOtherThan: "column"))
        #expect(
            !ArticleWatchers([.init(name: "one", url: report, type: .article)]).isWatched(report, byOtherThan: "one"))
    }
}
