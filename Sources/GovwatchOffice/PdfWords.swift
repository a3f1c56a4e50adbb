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
                let height = node.attribute("height").flatMap(Double.init) ?? 842
                pages.append(PdfPage(height: (1...maximumCoordinate).contains(height) ? height : 842, words: []))
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
            PdfPage(height: page.height, words: withoutFurniture(page))
        }
    }

    /// Points a word's box may lie from the page's corner: pages laid end
    /// to end sit ``PdfReader/pageStride`` apart, and a PDF's page is under
    /// 15,000 points (200 inches) a side; a word beyond is left out (a
    /// crafted page, or not a number at all: `inf`, `nan`).
    static let maximumCoordinate = 15_000.0

    static func word(_ node: MarkupNode) -> PdfWord? {
        let text = node.text.trimmingSpace
        guard !text.isEmpty, let left = node.attribute("xMin").flatMap(Double.init),
            let top = node.attribute("yMin").flatMap(Double.init),
            let right = node.attribute("xMax").flatMap(Double.init),
            let bottom = node.attribute("yMax").flatMap(Double.init), right >= left, bottom > top,
            [left, top, right, bottom].allSatisfy({ abs($0) <= maximumCoordinate })
        else { return nil }
        return PdfWord(text: text, left: left, top: top, right: right, bottom: bottom)
    }

    /// A page number (`3`, `- 3 -`, `第3页`, `3/12`) in the top or bottom 7%
    /// of the page, on a line of its own (a table's `1-5月` at a page's
    /// top is text): no word of other text has its middle within its height.
    static func withoutFurniture(_ page: PdfPage) -> [PdfWord] {
        let margin = page.height * 0.07
        let text = page.words.filter { !isPageNumber($0.text) }.map(\.middle).sorted()
        return page.words.filter { word in
            guard word.bottom < margin || word.top > page.height - margin, isPageNumber(word.text) else { return true }
            // The first middle above the word's top, by binary search.
            var low = 0
            var high = text.count
            while low < high {
                let mid = (low + high) / 2
                if text[mid] <= word.top { low = mid + 1 } else { high = mid }
            }
            return low < text.count && text[low] < word.bottom
        }
    }

    static func isPageNumber(_ text: String) -> Bool {
        text.allSatisfy { $0.isASCII && ($0.isNumber || "-/".contains($0)) || "—第页共－".contains($0) }
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
