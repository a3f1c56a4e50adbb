package import GovwatchCore

/// A listing read page by page (newest first), and when to stop reading.
///
/// The baseline reads every page there is, up to the source's `pages`.
/// After it, a cycle stops at the first page with nothing new: what lies
/// deeper was read before. A page that brings no link not seen on an
/// earlier page ends the reading too, whatever it names as its next page:
/// a pager that loops (`index_1.html` back to `index.html`) costs one fetch.
package struct ListingPages: Sendable {
    /// Every item read so far, first seen first, at most ``Listing/maximumItems``.
    package private(set) var items: [ListingItem] = []
    /// Pages read so far.
    package private(set) var pagesRead = 0
    /// Whether another page should be read.
    package private(set) var wantsMore = true
    /// True when reading stopped at a page with nothing new while the
    /// source allowed more pages: the pages after it were not read.
    package private(set) var stoppedEarly = false

    private var seen: Set<String> = []
    private let known: Set<String>
    private let baselined: Bool
    private let pageLimit: Int

    /// `known`: the URLs of the source's stored documents (removed ones
    /// excepted: one listed again is news); `pageLimit`: the source's `pages`.
    package init(known: Set<String>, baselined: Bool, pageLimit: Int) {
        self.known = known
        self.baselined = baselined
        self.pageLimit = max(pageLimit, 1)
    }

    /// Adds one page's items and decides whether to read the next.
    package mutating func add(page: [ListingItem]) {
        pagesRead += 1
        let fresh = page.filter { seen.insert($0.url).inserted }
        items += fresh.prefix(Listing.maximumItems - items.count)
        if pagesRead >= pageLimit || items.count >= Listing.maximumItems || (pagesRead > 1 && fresh.isEmpty) {
            wantsMore = false
        } else if baselined && fresh.allSatisfy({ known.contains($0.url) }) {
            wantsMore = false
            stoppedEarly = true
        }
    }

    /// The listing a cycle decides on. When reading stopped early, the
    /// documents the listing showed last time and not seen on the pages
    /// read are taken as still listed (on the pages not read), as a 304
    /// keeps the whole listing: none of them is taken for missing.
    package func listing(documents: [String: StoredDocument]) -> [ListingItem] {
        guard stoppedEarly else { return items }
        let deeper = documents.values
            .filter { $0.listed && $0.status != .removed && !seen.contains($0.url) }
            .sorted { $0.url < $1.url }
            .map { ListingItem(url: $0.url, title: $0.listedTitle, date: $0.listedDate) }
        return items + deeper
    }
}
