extension XlsxSheet {
    /// The sheet as table rows over the columns it uses: a merged range is
    /// one cell spanning its rows and columns (its first cell's value, as
    /// Excel shows it); a row with no value that no merge crosses is left
    /// out (spreadsheets space their tables with empty rows); a line break
    /// in a cell starts a new paragraph. Merges are clipped to the used area.
    func rows(part: String, budget: inout CellBudget) throws(OfficeError) -> [[OfficeCell]] {
        let used = values.keys
        guard let top = used.map(\.row).min(), let bottom = used.map(\.row).max(),
            let left = used.map(\.column).min(), let right = used.map(\.column).max()
        else { return [] }
        var starts: [Position: Range] = [:]
        var covered: Set<Position> = []
        var crossed: Set<Int> = []
        for merge in merges {
            let clipped = Range(
                first: Position(row: max(merge.first.row, top), column: max(merge.first.column, left)),
                last: Position(row: min(merge.last.row, bottom), column: min(merge.last.column, right)))
            guard clipped.first.row <= clipped.last.row, clipped.first.column <= clipped.last.column,
                starts[clipped.first] == nil, !covered.contains(clipped.first)
            else { continue }
            try budget.cell(
                in: part,
                count: (clipped.last.row - clipped.first.row + 1) * (clipped.last.column - clipped.first.column + 1))
            starts[clipped.first] = clipped
            for row in clipped.first.row...clipped.last.row {
                if clipped.last.row > clipped.first.row { crossed.insert(row) }
                for column in clipped.first.column...clipped.last.column {
                    covered.insert(Position(row: row, column: column))
                }
            }
        }
        let filled = Set(values.keys.map(\.row))
        let kept = (top...bottom).filter { filled.contains($0) || crossed.contains($0) }
        try budget.cell(in: part, count: kept.count * (right - left + 1))
        // How many kept rows lie at or before each row: a merge's rowspan in
        // one subtraction (a sheet may hold a hundred thousand merges).
        var keptUpTo: [Int: Int] = [:]
        for (index, row) in kept.enumerated() { keptUpTo[row] = index + 1 }
        func keptThrough(_ row: Int) -> Int {
            var row = row
            while row >= top, keptUpTo[row] == nil { row -= 1 }
            return row >= top ? keptUpTo[row] ?? 0 : 0
        }
        var rows: [[OfficeCell]] = []
        for row in kept {
            var cells: [OfficeCell] = []
            for column in left...right {
                let position = Position(row: row, column: column)
                let paragraphs = (values[position] ?? "").split(separator: "\n").map(String.init)
                try budget.text(paragraphs, in: part)
                if let range = starts[position] {
                    // Every row of a merge that crosses rows is kept.
                    let span = keptThrough(range.last.row) - keptThrough(range.first.row - 1)
                    cells.append(
                        OfficeCell(
                            paragraphs: paragraphs, rowspan: max(span, 1),
                            colspan: range.last.column - range.first.column + 1))
                } else if !covered.contains(position) {
                    cells.append(OfficeCell(paragraphs: paragraphs))
                }
            }
            rows.append(cells)
        }
        return rows
    }
}
