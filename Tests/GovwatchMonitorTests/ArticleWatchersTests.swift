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
        #expect(watchers.watchedByOtherThan("column", url: report))
        #expect(watchers.watchedByOtherThan("one", url: report))  // "two" watches it too
        #expect(!watchers.watchedByOtherThan("other", url: "http://h/art/2.html"))  // itself only
        #expect(!watchers.watchedByOtherThan("column", url: "http://h/col/1.html"))  // a column watches nothing
        #expect(!watchers.watchedByOtherThan("column", url: "http://h/art/3.html"))
        #expect(
            !ArticleWatchers([.init(name: "one", url: report, type: .article)]).watchedByOtherThan("one", url: report))
    }
}
