import GovwatchCore
import GovwatchExtract
import GovwatchReport

/// HTML bytes → article → entries → stored snapshot → diff against itself.
/// Any input must end in an `Article` or an `ExtractionError`, never a trap,
/// and a snapshot must never differ from itself. The same bytes, read as
/// lines, also go straight to the list reader (pages without a report table
/// reach it through the extractor too), with notes kept.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzArticle(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var explaining = ArticleExtractor(requireCompleteDocument: false)
    explaining.explains = true
    let extractors = [
        ArticleExtractor(), explaining, ArticleExtractor(requireCompleteDocument: false, rules: .version1),
    ]
    for extractor in extractors {
        guard let article = try? extractor.extract(bytes, url: "http://127.0.0.1/art/2021/7/1/art_1_1.html") else {
            continue
        }
        let snapshot = DocumentSnapshot(article: article)
        precondition(DocumentDiffer.diff(old: snapshot, new: snapshot).isEmpty, "a snapshot differs from itself")
        precondition(Set(article.entries.map(\.key)).count == article.entries.count, "two entries share a key")
    }
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { DisplayText.clean($0) }
    let list = ReportListReader.read(lines.filter { !$0.isEmpty }, explain: true)
    precondition(Set(list.entries.map(\.key)).count == list.entries.count, "two list entries share a key")
    return 0
}
