import GovwatchCore

/// How a page was read, for `govwatch extract --explain` and the reason of
/// a `document.unparsed` alert: one line per table header, section, and row
/// or paragraph skipped, with why. Only kept when asked for: the hot path
/// builds no notes. A class, so that noting from a mutating reader does not
/// need exclusive access to the reader.
final class ReadingNotes {
    var lines: [String] = []

    func add(_ line: String) { lines.append(line) }
}

extension ReadingState {
    func note(_ line: @autoclosure () -> String) {
        notes?.add(line())
    }

    /// The column a header must name beside the task one.
    var wanted: String { acceptsAssignments ? "progress or unit" : "progress" }

    /// `序号=number | 重点工作任务=task | …`
    func describe(_ layout: Layout) -> String {
        zip(layout.headerTexts, layout.roles).map { text, role in
            "\(text.isEmpty ? "(empty)" : text)=\(role.rawValue)"
        }
        .joined(separator: " | ")
    }

    /// ` (first row: 名称 | 备注)`, cut short: what the table begins with.
    func firstRowNote(_ grid: TableGrid) -> String {
        guard let row = grid.rows.first else { return " (no rows)" }
        var cells = CellTexts(grid)
        var seen = Set<Int>()
        let texts = row.filter { seen.insert($0).inserted }.map { cells.text($0) }
        let joined = texts.map { String($0.prefix(12)) }.joined(separator: " | ")
        return " (first row: \(joined))"
    }
}
