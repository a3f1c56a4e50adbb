/// Words into visual lines and lines into text, as a reader of the page
/// would: Chinese words join without a space (pdftotext splits `成投资`
/// `50` `亿元。` where the script changes), Latin words and numbers with one.
enum PdfText {
    /// Words that share a line (their middles within a third of a line's
    /// height), top to bottom, each line left to right.
    static func lines(_ words: [PdfWord]) -> [[PdfWord]] {
        var lines: [[PdfWord]] = []
        var middle = 0.0
        for word in words.sorted(by: { ($0.middle, $0.left) < ($1.middle, $1.left) }) {
            if let last = lines.last, abs(word.middle - middle) < (last[0].height * 0.35) {
                lines[lines.count - 1].append(word)
            } else {
                lines.append([word])
                middle = word.middle
            }
        }
        return lines.map { $0.sorted { $0.left < $1.left } }
    }

    static func join(line: [PdfWord]) -> String {
        var text = ""
        var previous: PdfWord?
        for word in line {
            if let previous, let last = text.last, let first = word.text.first, isLatin(last), isLatin(first),
                word.left - previous.right > word.height * 0.15
            {
                text += " "
            }
            text += word.text
            previous = word
        }
        return text
    }

    static func join(lines: [[PdfWord]]) -> String { lines.map { join(line: $0) }.joined() }

    /// A cell's lines as paragraphs. Where the table sets paragraphs apart
    /// (`breakGap`: a blank strip between lines wider than the leading), a
    /// strip that wide ends one; elsewhere a line that ends short of the
    /// column's right edge (by two characters or more). A line that starts
    /// with an item mark (①, （1）, 1.) always starts one.
    static func paragraphs(_ words: [PdfWord], columnRight: Double, breakGap: Double?) -> [String] {
        var paragraphs: [String] = []
        var previous: [PdfWord]?
        for line in lines(words) {
            let text = join(line: line)
            if let previous, !startsItem(text),
                !ends(previous, before: line, columnRight: columnRight, breakGap: breakGap)
            {
                paragraphs[paragraphs.count - 1] += text
            } else {
                paragraphs.append(text)
            }
            previous = line
        }
        return paragraphs
    }

    static func ends(_ line: [PdfWord], before next: [PdfWord], columnRight: Double, breakGap: Double?) -> Bool {
        // Across a page break the strip says nothing: the line's end does.
        if let breakGap, PdfRows.page(of: line[0].top) == PdfRows.page(of: next[0].top) {
            return next.map(\.top).min()! - line.map(\.bottom).max()! > breakGap
        }
        return line.last!.right < columnRight - (line.map(\.height).max() ?? 10) * 1.5
    }

    /// The blank strip that ends a paragraph in a table whose paragraphs
    /// are spaced: wider than the leading by a quarter line; nil when no
    /// strip between a cell's lines is that wide (paragraphs not spaced).
    static func breakGap(_ cells: [[PdfWord]]) -> Double? {
        guard let (leading, height, gaps) = spacing(cells) else { return nil }
        let threshold = leading + height * 0.25
        return gaps.contains { $0 > threshold } ? threshold : nil
    }

    /// The leading (the narrowest quarter of the blank strips between
    /// consecutive lines of each group of words), the median line height,
    /// and the strips; nil with fewer than four strips.
    static func spacing(_ cells: [[PdfWord]]) -> (leading: Double, height: Double, gaps: [Double])? {
        var gaps: [Double] = []
        var heights: [Double] = []
        for cell in cells {
            let lines = lines(cell)
            for (line, next) in zip(lines, lines.dropFirst())
            where PdfRows.page(of: line[0].top) == PdfRows.page(of: next[0].top) {
                gaps.append(next.map(\.top).min()! - line.map(\.bottom).max()!)
                heights.append(line[0].height)
            }
        }
        guard gaps.count >= 4 else { return nil }
        return (gaps.sorted()[gaps.count / 4], heights.sorted()[heights.count / 2], gaps)
    }

    static func startsItem(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        if (0x2460...0x2473).contains(first.value) || (0x2776...0x277F).contains(first.value) { return true }
        let head = Array(text.prefix(5))
        let isDigit = { (character: Character) in character.isASCII && character.isNumber }
        if head.first == "（" || head.first == "(" {
            // （1） or (12): a closing bracket right after one or two digits.
            let digits = head.dropFirst().prefix(while: isDigit).count
            return (1...2).contains(digits) && head.count > digits + 1 && "）)".contains(head[digits + 1])
        }
        let digits = head.prefix(while: isDigit).count
        guard (1...2).contains(digits), head.count > digits else { return false }
        // 1、 or 1. followed by text, not 92.7% or 1-6月.
        let mark = head[digits]
        return mark == "、" || ((mark == "." || mark == "．") && !(head.count > digits + 1 && isDigit(head[digits + 1])))
    }

    static func isLatin(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "%.,)".contains(character))
    }
}
