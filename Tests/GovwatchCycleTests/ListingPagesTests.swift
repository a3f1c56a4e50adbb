import GovwatchCore
import Testing

@testable import GovwatchCycle

/// When a cycle reads the next listing page: every page at the baseline,
/// then only until a page with nothing new; never round a loop.
@Suite("Listing pages")
struct ListingPagesTests {
    func items(_ urls: ClosedRange<Int>) -> [ListingItem] {
        urls.map { ListingItem(url: "http://h/\($0).html", title: nil, date: nil) }
    }

    @Test func theBaselineReadsEveryPageUpToTheLimit() {
        var pages = ListingPages(known: Set(items(1...30).map(\.url)), baselined: false, pageLimit: 3)
        pages.add(page: items(1...10))
        #expect(pages.wantsMore)
        pages.add(page: items(11...20))
        #expect(pages.wantsMore)
        pages.add(page: items(21...30))
        #expect(!pages.wantsMore && !pages.stoppedEarly && pages.items.count == 30)
    }

    @Test func afterTheBaselineAPageWithNothingNewEndsTheReading() {
        let known = Set(items(1...30).map(\.url))
        var pages = ListingPages(known: known, baselined: true, pageLimit: 3)
        pages.add(page: items(31...31) + items(1...9))  // one new report on top
        #expect(pages.wantsMore)
        pages.add(page: items(10...19))
        #expect(!pages.wantsMore && pages.stoppedEarly)
        // The deeper pages' documents stay listed; those read are listed as read.
        let documents = Dictionary(
            uniqueKeysWithValues: known.map {
                ($0, StoredDocument(url: $0, source: "s", firstSeenAt: Timestamp(epochSeconds: 0), listed: true))
            })
        let listing = pages.listing(documents: documents)
        #expect(Set(listing.map(\.url)) == known.union(["http://h/31.html"]))
        #expect(listing.prefix(20).map(\.url) == (items(31...31) + items(1...19)).map(\.url))
    }

    @Test func aFirstPageWithNothingNewReadsNoOther() {
        var pages = ListingPages(known: Set(items(1...30).map(\.url)), baselined: true, pageLimit: 3)
        pages.add(page: items(1...10))
        #expect(!pages.wantsMore && pages.stoppedEarly)
        // With one page allowed, nothing was left unread.
        var one = ListingPages(known: Set(items(1...30).map(\.url)), baselined: true, pageLimit: 1)
        one.add(page: items(1...10))
        #expect(!one.wantsMore && !one.stoppedEarly)
        #expect(one.listing(documents: [:]).count == 10)
    }

    /// A pager that loops serves a page already read: the reading ends.
    @Test func aPageOfLinksAlreadyReadEndsTheReading() {
        var pages = ListingPages(known: [], baselined: false, pageLimit: 100)
        pages.add(page: items(1...10))
        pages.add(page: items(1...10))
        #expect(!pages.wantsMore && !pages.stoppedEarly && pages.items.count == 10 && pages.pagesRead == 2)
    }

    @Test func theItemCapEndsTheReading() {
        var pages = ListingPages(known: [], baselined: false, pageLimit: 100)
        pages.add(page: items(1...1_500))
        pages.add(page: items(1_501...3_000))
        #expect(!pages.wantsMore && pages.items.count == Listing.maximumItems)
    }
}
