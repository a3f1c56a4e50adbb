import GovwatchHTML

/// A word of a PDF page and its box, in points from the page's top left,
/// as poppler's `pdftotext -bbox` gives them.
struct PdfWord: Equatable {
    var text: String
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var height: Double { bottom - top }
    var middle: Double { (top + bottom) / 2 }
}

/// One page's words in the order pdftotext found them.
struct PdfPage {
    var height: Double
    var words: [PdfWord]
}

/// `pdftotext -bbox` output (XHTML: `<page height=…><word xMin=… yMin=…
/// xMax=… yMax=…>text</word>`) as pages of words. Page numbers and
/// running heads in the top and bottom margins are left out: a table that
/// crosses a page break reads as if the break were not there.
enum PdfWords {
    static func pages(_ xhtml: [UInt8], limits: OfficeLimits) throws(OfficeError) -> [PdfPage] {
        let document = try OfficeXML.parse(xhtml, part: "pdftotext's word boxes")
        var pages: [PdfPage] = []
        var words = 0
        var failure: OfficeError?
        document.root?.forEachDescendant { node in
            guard failure == nil else { return false }
            if node.isElement("page") {
                pages.append(PdfPage(height: node.attribute("height").flatMap(Double.init) ?? 842, words: []))
                return true
            }
            guard node.isElement("word"), !pages.isEmpty else { return true }
            words += 1
            if words > limits.cells {
                failure = OfficeError(
                    .tooManyRows, "the PDF holds more than \(limits.cells) words (no report is that large); not read")
                return false
            }
            if let word = word(node) { pages[pages.count - 1].words.append(word) }
            return false
        }
        if let failure { throw failure }
        return pages.map { page in
            PdfPage(height: page.height, words: page.words.filter { !isFurniture($0, on: page) })
        }
    }

    static func word(_ node: MarkupNode) -> PdfWord? {
        let text = node.text.trimmingSpace
        guard !text.isEmpty, let left = node.attribute("xMin").flatMap(Double.init),
            let top = node.attribute("yMin").flatMap(Double.init),
            let right = node.attribute("xMax").flatMap(Double.init),
            let bottom = node.attribute("yMax").flatMap(Double.init), right >= left, bottom > top
        else { return nil }
        return PdfWord(text: text, left: left, top: top, right: right, bottom: bottom)
    }

    /// A page number (`3`, `- 3 -`, `第3页`, `3/12`) in the top or bottom 7%
    /// of the page, on a line of its own (a table's `1-5月` at a page's
    /// top is text).
    static func isFurniture(_ word: PdfWord, on page: PdfPage) -> Bool {
        let margin = page.height * 0.07
        guard word.bottom < margin || word.top > page.height - margin,
            word.text.allSatisfy({ $0.isASCII && ($0.isNumber || "-/".contains($0)) || "—第页共－".contains($0) })
        else { return false }
        return !page.words.contains { other in
            other != word && word.top < other.middle && other.middle < word.bottom
                && !other.text.allSatisfy({ $0.isASCII && ($0.isNumber || "-/".contains($0)) || "—第页共－".contains($0) })
        }
    }
}

extension String {
    /// The text without the white space around it.
    var trimmingSpace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
