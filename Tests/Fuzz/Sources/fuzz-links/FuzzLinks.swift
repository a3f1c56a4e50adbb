import GovwatchExtract

/// Any HTML page → a `type = "links"` listing (TRS-style report links) and
/// the next page it names. Must end in a `Listing` or an `ExtractionError`;
/// a next page is on the page's own host.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLinks(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let rule = LinkRule(url: #"/t\d{8}_\d+\.html$|/art/"#, title: nil)
    if let listing = try? ListingExtractor(links: rule).extract(bytes, url: "http://127.0.0.1/zwgk/index.html") {
        precondition(listing.items.count <= 2_000, "listing not capped")
        precondition(listing.next.map { $0.hasPrefix("http://127.0.0.1/") } ?? true, "next page on another host")
    }
    return 0
}
