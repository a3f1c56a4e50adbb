import GovwatchExtract

/// An attached office file → the page it reads as → entries, tried both as
/// a Word document and as a workbook: every reader (libzip, the parts'
/// XML, merges, the limits) sees every input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOffice(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for name in ["fuzz.docx", "fuzz.xlsx"] {
        guard let page = try? OfficeAttachment.page(bytes, name: name) else { continue }
        precondition(page.count < 64 << 20, "page not bounded by the limits")
        _ = try? ArticleExtractor().extract(page, charset: "UTF-8")
    }
    return 0
}
