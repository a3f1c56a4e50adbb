/// Where a PDF's report table is and where its columns divide, found from
/// word positions alone (pdftotext does not give the ruling): the header
/// is the first line naming at least two of a report's columns (序号,
/// 任务, 牵头单位, 完成情况 …), each header cell a column, and each
/// division the widest blank strip between two header cells that no word
/// below the header crosses (cells keep their text inside their borders;
/// a section row's title, which crosses them, is left out of the count).
struct PdfColumns {
    /// The words that make the header, and the text of its lines, to
    /// recognise the header where a later page repeats it.
    var headerWords: [PdfWord]
    var headerLines: Set<String>
    /// Each column's header text.
    var titles: [String]
    /// x of the division after each column but the last.
    var divisions: [Double]

    var count: Int { titles.count }

    /// What headers of reports' columns say, as the page reader's roles do.
    static let headerWords = [
        "序号", "编号", "任务", "事项", "项目", "内容", "目标", "单位", "部门", "责任", "完成", "进展", "进度", "推进", "落实",
        "情况",
    ]

    /// The column a word starts in.
    func column(of word: PdfWord) -> Int {
        divisions.firstIndex { word.left + 1 < $0 } ?? divisions.count
    }

    /// A word that runs past its column's division: a section or note row's text.
    func isSpanning(_ word: PdfWord) -> Bool {
        let column = column(of: word)
        return column < divisions.count && word.right > divisions[column] + word.height * 0.3
    }

    /// The header among `lines` (visual lines in reading order) and the
    /// columns it makes, with `below` the words under it; nil when no line
    /// reads as a report's header.
    static func find(in lines: [[PdfWord]], below: (PdfWord) -> [PdfWord]) -> (PdfColumns, Int)? {
        guard let index = lines.firstIndex(where: isHeader) else { return nil }
        let band = headerBand(lines, at: index)
        let cells = cluster(band.flatMap(\.self))
        guard cells.count >= 2 else { return nil }
        let data = below(band.flatMap(\.self).max { $0.bottom < $1.bottom }!)
        var divisions: [Double] = []
        for (left, right) in zip(cells, cells.dropFirst()) {
            divisions.append(division(between: left, and: right, data: data))
        }
        let titles = cells.map { cell in PdfText.join(lines: PdfText.lines(cell)) }
        let columns = PdfColumns(
            headerWords: band.flatMap(\.self), headerLines: Set(band.map { PdfText.join(line: $0) }),
            titles: titles, divisions: divisions)
        return (columns, lines.firstIndex { $0 == band.last! }!)
    }

    static func isHeader(_ line: [PdfWord]) -> Bool {
        guard line.count >= 2 else { return false }
        let hits = line.filter { word in headerWords.contains { word.text.contains($0) } }.count
        return hits >= 2 && !line.contains { $0.text.allSatisfy(\.isNumber) }
    }

    /// The header line and the lines right above or below it that are
    /// part of the same cells (a header wrapped in a narrow column): close
    /// to it (cell padding sets the next row further off), each word under
    /// one header word (a section title crosses two), and no row number.
    static func headerBand(_ lines: [[PdfWord]], at index: Int) -> [[PdfWord]] {
        var band = [lines[index]]
        let height = lines[index].map(\.height).max() ?? 10
        func belongs(_ line: [PdfWord], gap: Double) -> Bool {
            gap < height * 0.35 && !line.contains { $0.text.allSatisfy(\.isNumber) }
                && line.allSatisfy { word in
                    lines[index].filter { $0.left < word.right && word.left < $0.right }.count == 1
                }
        }
        var above = index - 1
        while above >= 0, belongs(lines[above], gap: band[0][0].top - lines[above][0].bottom) {
            band.insert(lines[above], at: 0)
            above -= 1
        }
        var next = index + 1
        while next < lines.count, belongs(lines[next], gap: lines[next][0].top - band.last![0].bottom) {
            band.append(lines[next])
            next += 1
        }
        return band
    }

    /// Header words as cells: words that overlap across lines or nearly
    /// touch on one (`完成情况（截至` `9` `月底）`) are one cell.
    static func cluster(_ words: [PdfWord]) -> [[PdfWord]] {
        var cells: [[PdfWord]] = []
        var right = -Double.infinity
        for word in words.sorted(by: { $0.left < $1.left }) {
            if !cells.isEmpty, word.left <= right + word.height * 0.25 {
                cells[cells.count - 1].append(word)
                right = max(right, word.right)
            } else {
                cells.append([word])
                right = word.right
            }
        }
        return cells
    }

    /// The middle of the widest strip between the two header cells' middles
    /// that the fewest words of the table cover (none, in a table whose
    /// cells keep inside their borders; a stray line of text below the
    /// table must not move a division), the middle of the gap between the
    /// header cells when every strip is covered alike.
    static func division(between left: [PdfWord], and right: [PdfWord], data: [PdfWord]) -> Double {
        let leftEdge = left.map(\.right).max()!
        let rightEdge = right.map(\.left).min()!
        let from = (left.map(\.left).min()! + leftEdge) / 2
        let to = (rightEdge + right.map(\.right).max()!) / 2
        guard from < to else { return (leftEdge + rightEdge) / 2 }
        // Coverage changes at each word's ends: +1 where one starts, -1 where it ends.
        var changes: [(x: Double, step: Int)] = [(from, 0), (to, 0)]
        for word in data where !(word.left < leftEdge && word.right > rightEdge) && word.right > from && word.left < to
        {
            changes += [(max(word.left, from), 1), (min(word.right, to), -1)]
        }
        changes.sort { ($0.x, $0.step) < ($1.x, $1.step) }
        var strips: [(start: Double, end: Double, count: Int)] = []
        var count = 0
        for (change, next) in zip(changes, changes.dropFirst()) {
            count += change.step
            guard next.x > change.x else { continue }
            if let last = strips.last, last.count == count, last.end == change.x {
                strips[strips.count - 1].end = next.x
            } else {
                strips.append((change.x, next.x, count))
            }
        }
        guard let fewest = strips.map(\.count).min(), fewest < data.count || strips.count > 1 else {
            return (leftEdge + rightEdge) / 2
        }
        let widest = strips.filter { $0.count == fewest }.max { $0.end - $0.start < $1.end - $1.start }!
        return (widest.start + widest.end) / 2
    }
}
