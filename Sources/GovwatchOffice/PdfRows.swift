/// The rows of a PDF's table, from the words under its header (pages
/// laid end to end, so a row cut by a page break is one row).
///
/// A row starts at each row number in the first column (when that column
/// holds short numbers, as 序号 does) or at a section title crossing the
/// columns; elsewhere at each block of lines set apart by blank space.
/// Cells centred between their borders start above their row number, so a
/// row reaches up to the top of its block of lines unless that block holds
/// the row before too (a table without cell padding). A cell whose text
/// sits centred across its row and the empty cells of the rows next to it
/// is one cell merged over them, as Word and WPS centre a merged cell.
struct PdfRows {
    let columns: PdfColumns
    let words: [PdfWord]

    /// The table's rows, and the lines below it that are not the table's
    /// (a signature and date set after it), as paragraphs.
    func rows(limit: Int) throws(OfficeError) -> (rows: [[OfficeCell]], after: [String]) {
        guard !words.isEmpty else { return ([], []) }
        let (members, after) = Self.endingTable(members())
        guard members.count <= limit else {
            throw OfficeError(
                .tooManyRows, "the PDF's table has more than \(limit) rows (no report is that long); not read")
        }
        return (cells(of: members), after)
    }

    /// Each row's words.
    func members() -> [[PdfWord]] {
        let tops = rowTops()
        var members = [[PdfWord]](repeating: [], count: tops.count)
        for word in words {
            // The last row starting at or above the word (tops ascend).
            members[max(Self.count(tops, atMost: word.top) - 1, 0)].append(word)
        }
        return members.filter { !$0.isEmpty }
    }

    /// The rows without what lies below the table: lines of the last row
    /// set apart from those above by more than half as much again as the
    /// widest blank strip between two rows (and two lines), as a
    /// signature (`…办公室`, a date) after a table is; they become paragraphs.
    static func endingTable(_ members: [[PdfWord]]) -> ([[PdfWord]], [String]) {
        guard let last = members.last, let height = last.map(\.height).max() else { return (members, []) }
        var widest = 0.0
        for (row, next) in zip(members, members.dropFirst()) {
            let above = row.map(\.bottom).max()!
            let below = next.map(\.top).min()!
            if page(of: above) == page(of: below) { widest = max(widest, below - above) }
        }
        let apart = max(widest * 1.5, height * 2)
        var reached = -Double.infinity
        for word in last.sorted(by: { $0.top < $1.top }) {
            // A row going on across a page break is one row: the break is no blank.
            if reached > -Double.infinity, page(of: word.top) == page(of: reached), word.top - reached > apart {
                let table = last.filter { $0.top < word.top }
                let below = PdfText.lines(last.filter { $0.top >= word.top }).map { PdfText.join(line: $0) }
                return (members.dropLast() + [table], below)
            }
            reached = max(reached, word.bottom)
        }
        return (members, [])
    }

    /// The rows' cells (a row with a title crossing the columns is one
    /// cell across them), merged cells found (``PdfMerges``).
    func cells(of members: [[PdfWord]]) -> [[OfficeCell]] {
        let rights = columnRights()
        let plain = members.filter { !$0.isEmpty && !$0.contains(where: columns.isSpanning) }
        let breakGap = PdfText.breakGap(
            plain.flatMap { row in (0..<columns.count).map { column in row.filter { columns.column(of: $0) == column } }
            })
        var grid: [[OfficeCell?]] = []
        var spans: [[PdfWord]] = []
        for row in members where !row.isEmpty {
            if row.contains(where: columns.isSpanning) {
                let text = PdfText.join(lines: PdfText.lines(row))
                grid.append([OfficeCell(paragraphs: [text], colspan: columns.count)])
                spans.append([])
                continue
            }
            grid.append(
                (0..<columns.count).map { column in
                    let cell = row.filter { columns.column(of: $0) == column }
                    return OfficeCell(
                        paragraphs: PdfText.paragraphs(cell, columnRight: rights[column], breakGap: breakGap))
                })
            spans.append(row)
        }
        return PdfMerges(columns: columns, grid: grid, words: spans).merged()
    }

    /// Where each row starts, top to bottom: the top of the block of lines
    /// its number is in; where one block holds several rows (cells without
    /// padding, or a number centred close to the row above), the widest
    /// blank strip between one number and the next (the last of equals:
    /// rows aligned to the top start at their number's line).
    func rowTops() -> [Double] {
        let bands = Self.bands(words)
        let bandTops = bands.map(\.top)
        let anchors = anchorWords()
        let anchorTops = anchors.map(\.top)
        let sorted = words.sorted { $0.top < $1.top }
        let sortedTops = sorted.map(\.top)
        // A strip wider than this sets rows apart (the leading alone is
        // inside a cell, however wide a document sets it).
        let rowStrip =
            PdfText.spacing(
                (0..<columns.count).map { column in
                    words.filter { columns.column(of: $0) == column && !columns.isSpanning($0) }
                }
            ).map { $0.leading + $0.height * 0.25 } ?? 0
        func band(holding y: Double) -> Int? {
            let index = Self.count(bandTops, atMost: y) - 1
            return index >= 0 && y <= bands[index].bottom ? index : nil
        }
        func holdsAnchor(_ band: (top: Double, bottom: Double)) -> Bool {
            let first = Self.count(anchorTops, atMost: band.top - 0.000_1)
            return first < anchorTops.count && anchorTops[first] <= band.bottom
        }
        var tops: [Double] = []
        for (position, anchor) in anchors.enumerated() {
            let index = band(holding: anchor.top)
            var top = (index.map { bands[$0].top } ?? anchor.top) - 0.5
            if position > 0, let index, anchors[position - 1].top >= bands[index].top {
                let from = Self.count(sortedTops, atMost: anchors[position - 1].top)
                let to = Self.count(sortedTops, atMost: anchor.top)
                top = Self.split(sorted[from..<max(from, to)], after: anchors[position - 1], before: anchor)
            } else if let index, index > 1, Self.page(of: bands[index - 1].top) < Self.page(of: anchor.top),
                Self.page(of: bands[index - 2].top) == Self.page(of: bands[index - 1].top),
                bands[index - 1].top - bands[index - 2].bottom > rowStrip, !holdsAnchor(bands[index - 1])
            {
                // A row cut by a page break whose number went to the second
                // page starts in the last block of the page before, when
                // that block stands apart as a row does.
                top = bands[index - 1].top - 0.5
            }
            if let last = tops.last { top = max(top, last + 0.01) }
            tops.append(top)
        }
        return tops.isEmpty ? [sortedTops.first!] : tops
    }

    /// How many of `sorted` (ascending) are at most `value`, by binary search.
    static func count(_ sorted: [Double], atMost value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Where the row of `anchor` starts when the row of `previous` is in
    /// the same block: the widest blank strip below the previous number and
    /// above this one; this number's line when there is none (a merged
    /// cell's text centred across the two rows covers the strip).
    /// `between`: the words whose tops lie after the previous number's and
    /// up to this one's, by top.
    static func split(_ between: ArraySlice<PdfWord>, after previous: PdfWord, before anchor: PdfWord) -> Double {
        var reached = previous.top
        var best: (width: Double, at: Double) = (-1, anchor.top - 0.5)
        for word in between {
            let width = word.top - reached
            // Below the previous number's line only: a strip beside it is inside its row.
            if width > 0, word.top > previous.bottom, width >= best.width - 0.3 {
                best = (max(width, best.width), word.top - 0.5)
            }
            reached = max(reached, word.bottom)
        }
        return best.at
    }

    static func page(of y: Double) -> Int { Int(y / PdfReader.pageStride) }

    /// The words that start rows: numbers in a first column of numbers and
    /// titles crossing the columns; else the first line of each block.
    func anchorWords() -> [PdfWord] {
        let first = words.filter { columns.column(of: $0) == 0 && !columns.isSpanning($0) }
        let short = first.filter { $0.text.count <= 4 }.count
        if !first.isEmpty, short * 10 >= first.count * 6 {
            return (Self.numberStarts(PdfText.lines(first)) + words.filter(columns.isSpanning))
                .sorted { $0.top < $1.top }
        }
        // The first word of each block (a block starts at a word's top).
        let sorted = words.sorted { $0.top < $1.top }
        let tops = sorted.map(\.top)
        return Self.bands(words).compactMap { band in
            let first = Self.count(tops, atMost: band.top - 0.000_1)
            return first < sorted.count ? sorted[first] : nil
        }
    }

    /// The first word of each line of the number column, but a line that
    /// finishes the number above it (`12` over `8` in a narrow column is
    /// 128 when the highest number yet is 127; the two may sit on either
    /// side of a page break).
    static func numberStarts(_ lines: [[PdfWord]]) -> [PdfWord] {
        var starts: [(word: PdfWord, text: String)] = []
        var highest = 0
        for line in lines {
            let text = PdfText.join(line: line)
            if let last = starts.last, let whole = Int(last.text + text), whole - highest == 1 || whole - highest == 2,
                !(Int(last.text).map { $0 > highest && $0 <= highest + 2 } ?? false),
                page(of: line[0].top) != page(of: last.word.top)
                    || line[0].top - last.word.bottom < line[0].height * 0.5
            {
                starts[starts.count - 1].text += text
                continue
            }
            if let last = starts.last, let number = Int(last.text), number > highest,
                number <= highest + 2 || highest == 0
            {
                highest = number
            }
            starts.append((line[0], text))
        }
        return starts.map(\.word)
    }

    /// Vertical blocks of words: runs of lines that no blank strip wider
    /// than a line's leading separates (a fifth of a line; cell padding
    /// sets rows further apart).
    static func bands(_ words: [PdfWord]) -> [(top: Double, bottom: Double)] {
        var bands: [(top: Double, bottom: Double)] = []
        for word in words.sorted(by: { $0.top < $1.top }) {
            if let last = bands.last, word.top <= last.bottom + word.height * 0.18 {
                bands[bands.count - 1].bottom = max(last.bottom, word.bottom)
            } else {
                bands.append((word.top, word.bottom))
            }
        }
        return bands
    }

    /// Each column's right edge: the furthest any of its words reaches.
    func columnRights() -> [Double] {
        var rights = [Double](repeating: 0, count: columns.count)
        for word in words where !columns.isSpanning(word) {
            let column = columns.column(of: word)
            rights[column] = max(rights[column], word.right)
        }
        return rights
    }
}
