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
    /// strip that wide ends one; elsewhere, and across a page break, a line
    /// that ends short of the column's right edge by more than the next
    /// line's first unbreakable piece needs (a number such as `14.95` or
    /// `3、` wraps whole, leaving its line short mid-sentence).
    static func paragraphs(_ words: [PdfWord], columnRight: Double, breakGap: Double?) -> [String] {
        var paragraphs: [String] = []
        var previous: [PdfWord]?
        for line in lines(words) {
            let text = join(line: line)
            if let previous, !ends(previous, before: line, columnRight: columnRight, breakGap: breakGap) {
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
        let height = line.map(\.height).max() ?? 10
        return columnRight - line.last!.right > leadWidth(next[0]) + height * 0.3
    }

    /// The width of what must start a line with `word`: its leading run of
    /// Latin letters, digits and their marks with the closing marks between
    /// and after them (`14.95`, `15.4%、16.7%,`), or its first character
    /// after any opening marks (`“限`), with the closing marks that may not
    /// start a line (`、`, `。`).
    static func leadWidth(_ word: PdfWord) -> Double {
        let characters = Array(word.text)
        guard !characters.isEmpty else { return 0 }
        let closing = "，。、；：！？”’）》」"
        var count = characters.prefix { $0.isASCII && !$0.isWhitespace || closing.contains($0) }.count
        if count == 0 {
            count = min(characters.prefix { "“‘（《「".contains($0) }.count + 1, characters.count)
            count += characters.dropFirst(count).prefix { closing.contains($0) }.count
        }
        let share = Double(count) / Double(characters.count)
        return (word.right - word.left) * share
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

    static func isLatin(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "%.,)".contains(character))
    }
}
