/// Cells centred across empty cells of the rows beside them, as rowspans.
struct PdfMerges {
    let columns: PdfColumns
    var grid: [[OfficeCell?]]
    /// Each plain row's words (none for a section row).
    let words: [[PdfWord]]

    func merged() -> [[OfficeCell]] {
        var grid = grid
        for column in 0..<columns.count {
            for row in grid.indices where isPlain(row) {
                guard let cell = grid[row][column], !cell.paragraphs.isEmpty,
                    let (first, last) = span(of: row, column: column), first != last
                else { continue }
                for covered in first...last { grid[covered][column] = nil }
                grid[first][column] = OfficeCell(paragraphs: cell.paragraphs, rowspan: last - first + 1)
            }
        }
        return grid.map { $0.compactMap(\.self) }
    }

    func isPlain(_ row: Int) -> Bool { grid[row].count == columns.count }

    func isEmpty(_ cell: OfficeCell?) -> Bool { cell.map { $0.paragraphs.isEmpty } ?? false }

    /// The rows a cell's text is centred across: itself and neighbours whose
    /// cell in the column is empty, the choice whose middle lies nearest the
    /// text's middle; nil unless the text sits below its row's other cells'
    /// top (a cell aligned to the top cannot show a merge).
    func span(of row: Int, column: Int) -> (Int, Int)? {
        let own = words[row].filter { columns.column(of: $0) == column }
        guard let textTop = own.map(\.top).min(), let textBottom = own.map(\.bottom).max(),
            let others = extent(row, besides: column), textTop > others.top + own[0].height * 0.5
        else { return nil }
        let middle = (textTop + textBottom) / 2
        // A merge over more than 20 rows a side is not looked for (its text
        // would sit pages away from its rows).
        var first = row
        while first > max(0, row - 20), isPlain(first - 1), isEmpty(grid[first - 1][column]),
            extent(first - 1, besides: column) != nil
        { first -= 1 }
        var last = row
        while last + 1 < min(grid.count, row + 21), isPlain(last + 1), isEmpty(grid[last + 1][column]),
            extent(last + 1, besides: column) != nil
        { last += 1 }
        func offset(_ a: Int, _ b: Int) -> Double {
            abs((extent(a, besides: column)!.top + extent(b, besides: column)!.bottom) / 2 - middle)
        }
        // The row alone unless a span is clearly nearer (by half a point);
        // spans tried from the narrowest, so a near tie keeps the fewer rows.
        var best = (row, row)
        var distance = offset(row, row)
        for size in stride(from: 1, through: last - first, by: 1) {
            for a in max(first, row - size)...row where a + size <= last {
                let off = offset(a, a + size)
                if off < distance - 0.5 { (best, distance) = ((a, a + size), off) }
            }
        }
        return best
    }

    /// The top and bottom of a row's words outside `column`.
    func extent(_ row: Int, besides column: Int) -> (top: Double, bottom: Double)? {
        let others = words[row].filter { columns.column(of: $0) != column }
        guard let top = others.map(\.top).min(), let bottom = others.map(\.bottom).max() else { return nil }
        return (top, bottom)
    }
}
