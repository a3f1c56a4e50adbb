/// One candidate table of an article body, with the short heading that
/// precedes it on the page (pages that repeat the header per section put the
/// section title in a paragraph right above each table).
public struct ReportTableInput: Sendable {
    public var grid: TableGrid
    public var headingBefore: String?

    public init(grid: TableGrid, headingBefore: String? = nil) {
        self.grid = grid
        self.headingBefore = headingBefore
    }
}

/// The report tables found in an article and the entries read from them.
public struct ReportReading: Sendable {
    public var tables: [ReportTableLayout]
    public var entries: [ReportEntry]
}

/// Turns expanded table grids into report entries.
///
/// A table is a report table when a header row names a task and a progress
/// column (see ``ColumnRoleClassifier``). Below it, each row is a repeated
/// header (skipped), a section row, a data row, or the continuation of the
/// previous entry (rowspan task cells, or a row with empty number and task
/// cells, as Word leaves when a row breaks across pages). A table without a
/// header that follows a report table of the same width continues it.
public enum ReportTableReader {
    public static func read(_ inputs: [ReportTableInput], title: String? = nil) -> ReportReading {
        var state = ReadingState(title: title.map(ComparableText.fold))
        for input in inputs {
            state.read(input)
        }
        state.finishPending()
        return ReportReading(tables: state.layouts, entries: state.assignKeys())
    }
}

struct PendingEntry {
    var number: String?
    var section: String?
    var taskOrigin: Int
    var taskParagraphs: [String]
    var unitParagraphs: [String]
    var progressParagraphs: [String]
    var progressOrigins: Set<Int>
    var extras: [(name: String, origin: Int, text: String)]
}

struct Layout {
    var roles: [ColumnRole]
    var headerFolded: [String]
    var headerTexts: [String]
}

struct ReadingState {
    let title: String?
    var layouts: [ReportTableLayout] = []
    var entries: [(section: String?, entry: ReportEntry)] = []
    var section: String?
    var lastLayout: Layout?
    var pending: PendingEntry?

    init(title: String?) { self.title = title }

    /// Reads one table: its header (or the previous table's, for a
    /// header-less continuation), the section titles above it, then its rows.
    mutating func read(_ input: ReportTableInput) {
        var cells = CellTexts(input.grid)
        guard let (layout, firstDataRow) = findLayout(input.grid, &cells) else { return }
        if layout.headerTexts != lastLayout?.headerTexts || firstDataRow > 0 {
            layouts.append(ReportTableLayout(header: layout.headerTexts, roles: layout.roles))
        }
        lastLayout = layout
        readSectionsAbove(input, firstDataRow: firstDataRow, &cells)
        let columns = Columns(layout.roles)
        for row in input.grid.rows.dropFirst(firstDataRow) {
            readRow(row, layout: layout, columns: columns, &cells)
        }
    }

    /// The header among the first rows, and the row after it; or the
    /// previous table's layout when this one has no header and its width.
    func findLayout(_ grid: TableGrid, _ cells: inout CellTexts) -> (Layout, firstDataRow: Int)? {
        for (index, row) in grid.rows.prefix(12).enumerated() {
            let texts = row.map { cells.text($0) }
            let roles = ColumnRoleClassifier.roles(ofHeader: texts, origins: row)
            if ColumnRoleClassifier.isReportHeader(roles) {
                return (
                    Layout(roles: roles, headerFolded: texts.map(ComparableText.fold), headerTexts: texts), index + 1
                )
            }
        }
        if let previous = lastLayout, previous.roles.count == grid.columnCount {
            return (previous, 0)  // a header-less table continuing the previous one
        }
        return nil
    }

    /// A section title in the paragraph before the table, or in a spanning
    /// row above its header.
    mutating func readSectionsAbove(_ input: ReportTableInput, firstDataRow: Int, _ cells: inout CellTexts) {
        if let heading = input.headingBefore.map(DisplayText.clean), isSectionTitle(heading) {
            finishPending()
            section = heading
        }
        for row in input.grid.rows.prefix(max(firstDataRow - 1, 0)) {
            let origins = Set(row.filter { $0 >= 0 && !cells.text($0).isEmpty })
            if origins.count == 1, let only = origins.first, isSectionTitle(cells.text(only)) {
                finishPending()
                section = cells.text(only)
            }
        }
    }

    func isSectionTitle(_ text: String) -> Bool {
        SectionHeading.looksLikeSection(text) && !SectionHeading.looksLikeTableTitle(text)
            && ComparableText.fold(text) != title
    }

    /// One row below the header: skipped, a section title, the continuation
    /// of the pending entry, or a new entry.
    mutating func readRow(_ row: [Int], layout: Layout, columns: Columns, _ cells: inout CellTexts) {
        let texts = row.map { cells.text($0) }
        if texts.allSatisfy(\.isEmpty) || isRepeatedHeader(texts, layout) { return }
        if let heading = sectionTitle(row: row, texts: texts, columns: columns) {
            finishPending()
            section = heading
            return
        }
        let numberText = columns.number.map { texts[$0] } ?? ""
        let taskText = texts[columns.task]
        let taskOrigin = row[columns.task]
        if let pending,
            (taskOrigin >= 0 && taskOrigin == pending.taskOrigin) || (numberText.isEmpty && taskText.isEmpty)
        {
            extendPending(row: row, layout: layout, columns: columns, &cells)
            return
        }
        finishPending()
        if taskText.isEmpty && texts[columns.progress].isEmpty { return }
        let numberOrigin = columns.number.map { row[$0] } ?? -1
        let progressOrigin = row[columns.progress]
        var extras: [(name: String, origin: Int, text: String)] = []
        for (index, role) in layout.roles.enumerated() where role == .extra {
            let origin = row[index]
            guard origin >= 0, origin != numberOrigin, origin != taskOrigin else { continue }
            extras.append((layout.headerTexts[index], origin, cells.paragraphs(origin).joined(separator: "\n")))
        }
        pending = PendingEntry(
            number: normalizedNumber(numberText),
            section: section,
            taskOrigin: taskOrigin,
            taskParagraphs: cells.paragraphs(taskOrigin),
            unitParagraphs: columns.unit.map { cells.paragraphs(row[$0]) } ?? [],
            progressParagraphs: cells.paragraphs(progressOrigin),
            progressOrigins: progressOrigin >= 0 ? [progressOrigin] : [],
            extras: extras
        )
    }

    /// A row that continues the pending entry (a rowspan task cell, or a row
    /// Word broke across pages): its new progress, units and extras.
    mutating func extendPending(row: [Int], layout: Layout, columns: Columns, _ cells: inout CellTexts) {
        guard var entry = pending else { return }
        pending = nil  // one owner while it grows: no copy of its arrays
        let progressOrigin = row[columns.progress]
        if progressOrigin >= 0, !entry.progressOrigins.contains(progressOrigin) {
            entry.progressOrigins.insert(progressOrigin)
            entry.progressParagraphs += cells.paragraphs(progressOrigin)
        }
        if let unit = columns.unit, entry.unitParagraphs.isEmpty {
            entry.unitParagraphs = cells.paragraphs(row[unit])
        }
        for (index, role) in layout.roles.enumerated() where role == .extra {
            let origin = row[index]
            guard origin >= 0, !cells.text(origin).isEmpty, !entry.extras.contains(where: { $0.origin == origin })
            else {
                continue
            }
            entry.extras.append((layout.headerTexts[index], origin, cells.text(origin)))
        }
        pending = entry
    }

    /// A header row repeated inside the table (Word repeats it after page breaks).
    func isRepeatedHeader(_ texts: [String], _ layout: Layout) -> Bool {
        guard texts.count == layout.headerFolded.count else { return false }
        // Cheap length check before folding: header cells are short.
        for (text, header) in zip(texts, layout.headerFolded) where text.utf8.count > header.utf8.count * 3 + 8 {
            return false
        }
        return texts.map(ComparableText.fold) == layout.headerFolded
    }

    /// The section title a row carries, or nil for an ordinary row.
    func sectionTitle(row: [Int], texts: [String], columns: Columns) -> String? {
        // Data rows usually fill several source cells: leave at the second.
        var firstFilled: Int?
        var singleOrigin = true
        for column in row.indices where !texts[column].isEmpty {
            if let first = firstFilled {
                if row[column] != row[first] {
                    singleOrigin = false
                    break
                }
            } else {
                firstFilled = column
            }
        }
        if singleOrigin, let column = firstFilled {
            let spanned = row.filter { $0 == row[column] }.count
            let candidate = texts[column]
            if ComparableText.fold(candidate) == title { return nil }
            if spanned >= 2 || (column != columns.progress && SectionHeading.looksLikeSection(candidate)) {
                return candidate
            }
            return nil
        }
        // `一 | 主要预期指标 | (empty)`: a Chinese ordinal in the number column.
        guard texts[columns.progress].isEmpty, columns.unit.map({ texts[$0].isEmpty }) ?? true,
            let numberColumn = columns.number, SectionHeading.isChineseOrdinal(texts[numberColumn])
        else { return nil }
        let number = texts[numberColumn]
        let separator = number.hasSuffix("、") ? "" : "、"
        return number + separator + texts[columns.task]
    }

    func normalizedNumber(_ text: String) -> String? {
        var number = text
        while let last = number.last, last == "." || last == "、" || last == "．" { number.removeLast() }
        return number.isEmpty ? nil : number
    }

    mutating func finishPending() {
        guard let pending else { return }
        self.pending = nil
        var task = pending.taskParagraphs.joined()
        var units = LeadUnits.fromCell(pending.unitParagraphs)
        if let clause = LeadUnits.splitTrailingClause(task) {
            task = clause.task
            if units.isEmpty { units = clause.units }
        }
        var extras: [String: String] = [:]
        for extra in pending.extras {
            if let existing = extras[extra.name], !existing.isEmpty {
                if !extra.text.isEmpty { extras[extra.name] = existing + "\n" + extra.text }
            } else {
                extras[extra.name] = extra.text
            }
        }
        let entry = ReportEntry(
            key: "", number: pending.number, section: pending.section, task: task,
            leadUnits: units, progress: ProgressItems.split(pending.progressParagraphs), extras: extras
        )
        entries.append((pending.section, entry))
    }

    /// Keys from folded section and task; a repeated task gets `-2`, `-3` …
    func assignKeys() -> [ReportEntry] {
        var seen: [String: Int] = [:]
        return entries.map { item in
            var entry = item.entry
            // The bytes of `StableHash.hex(of: [fold(section), fold(task)])`, streamed.
            var hash = StableHash()
            ComparableText.hashFolded(item.section ?? "", into: &hash)
            hash.combine(byte: 0x1F)
            ComparableText.hashFolded(entry.task, into: &hash)
            let base = hash.hex
            let count = (seen[base] ?? 0) + 1
            seen[base] = count
            entry.key = count == 1 ? base : "\(base)-\(count)"
            return entry
        }
    }
}
