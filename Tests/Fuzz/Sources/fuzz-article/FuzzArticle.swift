import GovwatchCore
import GovwatchExtract

/// HTML bytes → article → entries → stored snapshot → diff against itself.
/// Any input must end in an `Article` or an `ExtractionError`, never a trap,
/// and a snapshot must never differ from itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArticle(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    for extractor in [ArticleExtractor(), ArticleExtractor(requireCompleteDocument: false)] {
        guard let article = try? extractor.extract(bytes, url: "http://127.0.0.1/art/2021/7/1/art_1_1.html") else {
            continue
        }
        let snapshot = DocumentSnapshot(article: article)
        precondition(DocumentDiffer.diff(old: snapshot, new: snapshot).isEmpty, "a snapshot differs from itself")
    }
    return 0
}
