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
        return kept.map { row in
            (left...right).compactMap { column -> OfficeCell? in
                let position = Position(row: row, column: column)
                let paragraphs = (values[position] ?? "").split(separator: "\n").map(String.init)
                if let range = starts[position] {
                    let rows = kept.filter { $0 >= range.first.row && $0 <= range.last.row }.count
                    return OfficeCell(
                        paragraphs: paragraphs, rowspan: rows, colspan: range.last.column - range.first.column + 1)
                }
                return covered.contains(position) ? nil : OfficeCell(paragraphs: paragraphs)
            }
        }
    }
}
