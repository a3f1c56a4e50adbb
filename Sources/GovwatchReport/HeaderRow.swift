public import GovwatchCore

/// A table's header row as found: where it is, its texts and the role of
/// each column, and the column that holds only a short status, if any.
struct HeaderRow {
    var index: Int
    var texts: [String]
    var roles: [ColumnRole]
    /// A column headed like a progress column (完成情况) whose every cell is
    /// a status phrase while another column holds the progress (rules 4):
    /// kept among the extras under a status name, so it reads as the status.
    var statusColumn: Int?
}

extension ReadingState {
    /// Rules 4: a second progress-like column whose every cell below the
    /// header is a status phrase (`序时推进`, `滞后`, `已完成`) is the status,
    /// and the other one the progress. Never when the operator names a
    /// status column or this one, and only when the table still has a progress column
    /// without it.
    func withStatusOnlyColumn(_ header: HeaderRow, _ grid: TableGrid, cells: inout CellTexts) -> HeaderRow {
        guard rules.readsStatusOnlyColumns, !choices.namesStatus else { return header }
        let guesses = header.texts.map { ColumnRoleClassifier.role(ofHeader: $0, rules: rules) }
        let progressLike = guesses.indices.filter { guesses[$0] == .progress }
        guard progressLike.count > 1 else { return header }
        for column in progressLike
        where choices.choice(forHeader: header.texts[column]) == nil && holdsOnlyStatus(column, header, grid, &cells) {
            var tableChoices = choices
            tableChoices.add(.status, header: header.texts[column])
            let origins = grid.rows[header.index]
            let roles = ColumnRoleClassifier.roles(
                ofHeader: header.texts, origins: origins, rules: rules, choices: tableChoices)
            guard ColumnRoleClassifier.isReportHeader(roles) else { continue }
            return HeaderRow(index: header.index, texts: header.texts, roles: roles, statusColumn: column)
        }
        return header
    }

    /// True when `column` has a status phrase in at least one row below the
    /// header and nothing else in any (rows of one spanning cell, repeated
    /// headers and empty cells aside).
    func holdsOnlyStatus(_ column: Int, _ header: HeaderRow, _ grid: TableGrid, _ cells: inout CellTexts) -> Bool {
        let headerText = ComparableText.fold(header.texts[column])
        var found = false
        for row in grid.rows.dropFirst(header.index + 1) where column < row.count {
            let origin = row[column]
            guard origin >= 0, Set(row).count > 1 else { continue }  // a section row spans the table
            let text = cells.text(origin)
            if text.isEmpty || ComparableText.fold(text) == headerText { continue }
            guard text.count <= Self.longestStatus,
                EntryStatusWords.status(ofColumn: text, header: header.texts[column]) != nil
            else { return false }
            found = true
        }
        return found
    }

    /// A status cell is a phrase, perhaps with a short reason in brackets.
    static let longestStatus = 24
}
