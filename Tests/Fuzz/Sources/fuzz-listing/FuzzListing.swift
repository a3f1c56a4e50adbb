import GovwatchExtract
import GovwatchHTML

/// Column page bytes (HTML, with its embedded datastore XML and pager
/// script) → listing items. Must end in a `Listing` or an `ExtractionError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzListing(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    if let listing = try? ListingExtractor().extract(bytes, url: "http://127.0.0.1/col/col1/index.html") {
        precondition(listing.items.count <= 2_000, "listing not capped")
    }
    return 0
}
