import GovwatchExtract

/// An RSS or Atom feed (XML) → listing items. Inputs that do not start
/// like XML get an XML declaration, so every run exercises the XML path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeed(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if !bytes.starts(with: Array("<?xml".utf8)) {
        bytes = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".utf8) + bytes
    }
    if let listing = try? ListingExtractor(.feed(nil)).extract(bytes, url: "http://127.0.0.1/rss.xml") {
        precondition(listing.items.count <= 2_000, "listing not capped")
    }
    return 0
}
