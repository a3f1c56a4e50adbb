import GovwatchCore
import Testing

@testable import GovwatchPublish

@Suite("The Atom feed")
struct FeedTests {
    @Test func theFeedHasAChineseTitleAndStableEntryIDs() {
        let empty = AtomFeed.render(alerts: [], updated: Timestamp(epochSeconds: 0))
        #expect(empty.contains("<title>政务公开监测提醒</title>"))
        let factory = AlertFactory(source: "s", detectedAt: Timestamp(epochSeconds: 1_764_646_200))
        let alert = factory.failing(
            failures: 3, error: "timed out fetching http://h/col", episode: .init(epochSeconds: 0))
        let feed = AtomFeed.render(alerts: [alert], updated: Timestamp(epochSeconds: 0))
        #expect(feed.contains("<id>urn:govwatch:alert:\(alert.id)</id>"))
        #expect(feed == AtomFeed.render(alerts: [alert], updated: Timestamp(epochSeconds: 99)), "rewrites are equal")
    }
}
