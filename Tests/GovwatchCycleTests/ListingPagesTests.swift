import GovwatchCore
import Testing

@testable import GovwatchCycle

/// When a cycle reads the next listing page: every page when it reads the
/// listing whole (the baseline, daily, after a cycle cut short), else only
/// until a page with nothing new; never round a loop.
@Suite("Listing pages")
struct ListingPagesTests {
    func items(_ urls: ClosedRange<Int>) -> [ListingItem] {
        urls.map { ListingItem(url: "http://h/\($0).html", title: nil, date: nil) }
    }

    func stored(_ url: String, date: String? = nil) -> StoredDocument {
        var document = StoredDocument(url: url, source: "s", firstSeenAt: Timestamp(epochSeconds: 0), listed: true)
        document.listedDate = date
        return document
    }

    @Test func theBaselineReadsEveryPageUpToTheLimit() {
        var pages = ListingPages(known: Set(items(1...30).map(\.url)), readWhole: true, pageLimit: 3)
        pages.add(page: items(1...10))
        #expect(pages.wantsMore)
        pages.add(page: items(11...20))
        #expect(pages.wantsMore)
        pages.add(page: items(21...30))
        #expect(!pages.wantsMore && !pages.stoppedEarly && pages.items.count == 30)
    }

    @Test func afterTheBaselineAPageWithNothingNewEndsTheReading() {
        let known = Set(items(1...30).map(\.url))
        var pages = ListingPages(known: known, readWhole: false, pageLimit: 3)
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
        var pages = ListingPages(known: Set(items(1...30).map(\.url)), readWhole: false, pageLimit: 3)
        pages.add(page: items(1...10))
        #expect(!pages.wantsMore && pages.stoppedEarly)
        // With one page allowed, nothing was left unread.
        var one = ListingPages(known: Set(items(1...30).map(\.url)), readWhole: false, pageLimit: 1)
        one.add(page: items(1...10))
        #expect(!one.wantsMore && !one.stoppedEarly)
        #expect(one.listing(documents: [:]).count == 10)
    }

    /// A pager that loops serves a page already read: the reading ends.
    @Test func aPageOfLinksAlreadyReadEndsTheReading() {
        var pages = ListingPages(known: [], readWhole: true, pageLimit: 100)
        pages.add(page: items(1...10))
        pages.add(page: items(1...10))
        #expect(!pages.wantsMore && !pages.stoppedEarly && pages.items.count == 10 && pages.pagesRead == 2)
    }

    @Test func theItemCapEndsTheReading() {
        var pages = ListingPages(known: [], readWhole: true, pageLimit: 100)
        pages.add(page: items(1...1_500))
        pages.add(page: items(1_501...3_000))
        #expect(!pages.wantsMore && pages.items.count == Listing.maximumItems)
    }

    /// A report gone from the first page is not taken for a deeper one:
    /// it is newer than the oldest item read, so it is missing, as always.
    @Test func aReportNewerThanThePagesReadIsNotKeptListed() {
        let dated = (1...4).map { ListingItem(url: "http://h/\($0).html", title: nil, date: "2023-0\(5 - $0)-01") }
        var pages = ListingPages(known: Set(dated.map(\.url) + ["http://h/gone.html"]), readWhole: false, pageLimit: 3)
        pages.add(page: Array(dated.prefix(2)))  // 2023-04-01, 2023-03-01: nothing new
        #expect(pages.stoppedEarly)
        let documents = [
            "http://h/gone.html": stored("http://h/gone.html", date: "2023-03-15"),
            "http://h/3.html": stored("http://h/3.html", date: "2023-02-01"),
            "http://h/undated.html": stored("http://h/undated.html"),
        ]
        #expect(
            pages.listing(documents: documents).map(\.url) == [
                "http://h/1.html", "http://h/2.html", "http://h/3.html", "http://h/undated.html",
            ])
    }

    /// A deeper page that fails leaves the pages after it unread.
    @Test func aFailedPageLeavesTheRestUnread() {
        var pages = ListingPages(known: [], readWhole: true, pageLimit: 5)
        pages.add(page: items(1...10))
        pages.stopUnread()
        #expect(!pages.wantsMore && pages.stoppedEarly && !pages.readAll)
    }

    @Test func theListingIsReadWholeAtTheBaselineDailyAndAfterACycleCutShort() {
        let now = Timestamp(epochSeconds: 1_800_000_000)
        var state = SourceState(name: "s")
        #expect(ListingPages.mustReadWhole(state, now: now))  // the baseline
        state.baselineDone = true
        #expect(ListingPages.mustReadWhole(state, now: now))  // never read whole (or a cycle cut short)
        state.listingReadWholeAt = now + .seconds(-3_600)
        #expect(!ListingPages.mustReadWhole(state, now: now))
        state.listingReadWholeAt = now + .seconds(-86_400)
        #expect(ListingPages.mustReadWhole(state, now: now))  // a day on
        state.listingReadWholeAt = now + .seconds(3_600)
        #expect(ListingPages.mustReadWhole(state, now: now))  // a clock set back
    }
}
