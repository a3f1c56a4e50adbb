import GovwatchExtract
import GovwatchOffice

/// An attached office file → the page it reads as → entries, tried both as
/// a Word document and as a workbook: every reader (libzip, the parts'
/// XML, merges, the limits) sees every input. The Debian readers' outputs
/// are what govwatch itself parses of .pdf, .xls and .doc files, so the
/// input is also tried as each: as PDF word boxes laid out from its bytes
/// (the table rebuilt from arbitrary positions), as xlrd's JSON, as wv's HTML.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOffice(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for name in ["fuzz.docx", "fuzz.xlsx"] {
        guard let page = try? OfficeAttachment.page(bytes, name: name) else { continue }
        read(page)
    }
    for (kind, output) in [(OfficeFile.Kind.pdf, wordBoxes(bytes)), (.xls, bytes), (.doc, bytes)] {
        guard let page = try? OfficeFile.html(readerOutput: output, kind: kind, title: "fuzz") else { continue }
        read(Array(page.utf8))
    }
    return 0
}

func read(_ page: [UInt8]) {
    precondition(page.count < 64 << 20, "page not bounded by the limits")
    _ = try? ArticleExtractor().extract(page, charset: "UTF-8")
}

/// `pdftotext -bbox` output with a word for every 4 input bytes (of the first 8,000): its page,
/// left edge, top and width from the bytes, its text a report's word
/// (header words, numbers, section titles, progress) picked by the last.
func wordBoxes(_ bytes: [UInt8]) -> [UInt8] {
    let words = ["序号", "重点工作任务", "牵头单位", "完成情况", "1", "2", "12", "8", "一、经济发展", "区发改局", "①已完成", "-", "3", "任务"]
    var pages: [[String]] = [[], []]
    var index = 0
    // At most 2,000 words: a report's page; more only slows the fuzzer down.
    while index + 4 <= min(bytes.count, 8_000) {
        let page = Int(bytes[index] >> 7)
        let left = Double(bytes[index] & 0x7F) * 4.5
        let top = Double(bytes[index + 1]) * 3.3
        let width = Double(bytes[index + 2] % 64) * 4 + 1
        let text = words[Int(bytes[index + 3]) % words.count]
        pages[page].append(
            "<word xMin=\"\(left)\" yMin=\"\(top)\" xMax=\"\(left + width)\" yMax=\"\(top + 15.6)\">\(text)</word>")
        index += 4
    }
    let body = pages.map { "<page width=\"595\" height=\"842\">\($0.joined())</page>" }.joined()
    return Array("<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><doc>\(body)</doc></body></html>".utf8)
}
