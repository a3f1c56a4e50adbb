package import GovwatchCore

/// A listing read page by page (newest first), and when to stop reading.
///
/// A cycle that must read the listing whole (the baseline; once a day,
/// ``wholeReadInterval``; after a cycle cut short or one whose new articles
/// were not all fetched) reads every page, up to the source's `pages`.
/// Others stop at the first page with nothing new: what lies deeper was
/// read before. A page that brings no link not seen on an earlier page
/// ends the reading too, whatever it names as its next page: a pager that
/// loops (`index_1.html` back to `index.html`) costs one fetch.
package struct ListingPages: Sendable {
    /// How often a paged listing is read whole even when nothing new
    /// shows on its first pages: a report removed or back-dated deep in
    /// the listing is seen within a day.
    package static let wholeReadInterval: Duration = .seconds(86_400)

    /// Every item read so far, first seen first, at most ``Listing/maximumItems``.
    package private(set) var items: [ListingItem] = []
    /// Pages read so far.
    package private(set) var pagesRead = 0
    /// Whether another page should be read.
    package private(set) var wantsMore = true
    /// True when pages the source allows were left unread: reading
    /// stopped at a page with nothing new, or a deeper page failed.
    package private(set) var stoppedEarly = false

    private var seen: Set<String> = []
    private let known: Set<String>
    private let readWhole: Bool
    private let pageLimit: Int

    /// `known`: the URLs of the source's stored documents (removed ones
    /// excepted: one listed again is news); `readWhole`: every page is
    /// read (``mustReadWhole(_:now:)``); `pageLimit`: the source's `pages`.
    package init(known: Set<String>, readWhole: Bool, pageLimit: Int) {
        self.known = known
        self.readWhole = readWhole
        self.pageLimit = max(pageLimit, 1)
    }

    /// Whether this cycle reads every page: the baseline, a listing never
    /// read whole or not for a day (a cycle cut short or with new articles
    /// not fetched clears the time: ``CycleDecision``).
    package static func mustReadWhole(_ state: SourceState, now: Timestamp) -> Bool {
        guard state.baselineDone, let last = state.listingReadWholeAt, last <= now else { return true }
        return now - last >= wholeReadInterval
    }

    /// Adds one page's items and decides whether to read the next.
    package mutating func add(page: [ListingItem]) {
        pagesRead += 1
        let fresh = page.filter { seen.insert($0.url).inserted }
        items += fresh.prefix(Listing.maximumItems - items.count)
        if pagesRead >= pageLimit || items.count >= Listing.maximumItems || (pagesRead > 1 && fresh.isEmpty) {
            wantsMore = false
        } else if !readWhole && fresh.allSatisfy({ known.contains($0.url) }) {
            stopUnread()
        }
    }

    /// The next page could not be read: the pages after it are unread.
    package mutating func stopUnread() {
        wantsMore = false
        stoppedEarly = pagesRead < pageLimit
    }

    /// Whether every page the source allows was read.
    package var readAll: Bool { !stoppedEarly }

    /// The listing a cycle decides on. When pages were left unread, the
    /// documents the listing showed last time, not seen on the pages read
    /// and no newer than the oldest item read, are taken as still listed
    /// (on the pages not read), as a 304 keeps the whole listing. A newer
    /// one is not on a deeper page: it went missing, as always.
    package func listing(documents: [String: StoredDocument]) -> [ListingItem] {
        guard stoppedEarly else { return items }
        let oldest = items.compactMap(\.date).min()
        let deeper = documents.values
            .filter { document in
                guard document.listed, document.status != .removed, !seen.contains(document.url) else { return false }
                guard let oldest, let date = document.listedDate else { return true }
                return date <= oldest
            }
            .sorted { $0.url < $1.url }
            .map { ListingItem(url: $0.url, title: $0.listedTitle, date: $0.listedDate) }
        return items + deeper
    }
}
