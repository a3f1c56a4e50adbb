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

private struct PendingEntry {
    var number: String?
    var section: String?
    var taskOrigin: Int
    var taskParagraphs: [String]
    var unitParagraphs: [String]
    var progressParagraphs: [String]
    var progressOrigins: Set<Int>
    var extras: [(name: String, origin: Int, text: String)]
}

private struct Layout {
    var roles: [ColumnRole]
    var headerFolded: [String]
    var headerTexts: [String]
}

private struct ReadingState {
    let title: String?
    var layouts: [ReportTableLayout] = []
    var entries: [(section: String?, entry: ReportEntry)] = []
    var section: String?
    var lastLayout: Layout?
    var pending: PendingEntry?

    init(title: String?) { self.title = title }

    mutating func read(_ input: ReportTableInput) {
        let grid = input.grid
        // Each source cell is cleaned once, however many grid slots it spans.
        var cleaned: [[String]?] = Array(repeating: nil, count: grid.cells.count)
        var cellText: [String?] = Array(repeating: nil, count: grid.cells.count)
        func paragraphs(_ origin: Int) -> [String] {
            guard origin >= 0 else { return [] }
            if let cached = cleaned[origin] { return cached }
            let cell = grid.cells[origin]
            let value = cell.isClean ? cell.paragraphs : cell.paragraphs.map(DisplayText.clean).filter { !$0.isEmpty }
            cleaned[origin] = value
            return value
        }
        func text(_ origin: Int) -> String {
            guard origin >= 0 else { return "" }
            if let cached = cellText[origin] { return cached }
            let value = paragraphs(origin).joined()
            cellText[origin] = value
            return value
        }

        var layout: Layout?
        var firstDataRow = 0
        for (index, row) in grid.rows.prefix(12).enumerated() {
            let texts = row.map(text)
            let roles = ColumnRoleClassifier.roles(ofHeader: texts, origins: row)
            if ColumnRoleClassifier.isReportHeader(roles) {
                layout = Layout(roles: roles, headerFolded: texts.map(ComparableText.fold), headerTexts: texts)
                firstDataRow = index + 1
                break
            }
        }
        if layout == nil, let previous = lastLayout, previous.roles.count == grid.columnCount {
            layout = previous  // a header-less table continuing the previous one
        }
        guard let layout else { return }
        if layout.headerTexts != lastLayout?.headerTexts || firstDataRow > 0 {
            layouts.append(ReportTableLayout(header: layout.headerTexts, roles: layout.roles))
        }
        lastLayout = layout

        if let heading = input.headingBefore.map(DisplayText.clean), SectionHeading.looksLikeSection(heading),
            !SectionHeading.looksLikeTableTitle(heading), ComparableText.fold(heading) != title
        {
            finishPending()
            section = heading
        }
        // Rows above the header: a spanning section title may sit there.
        for row in grid.rows.prefix(max(firstDataRow - 1, 0)) {
            let origins = Set(row.filter { $0 >= 0 && !text($0).isEmpty })
            if origins.count == 1, let only = origins.first, SectionHeading.looksLikeSection(text(only)),
                !SectionHeading.looksLikeTableTitle(text(only)), ComparableText.fold(text(only)) != title
            {
                finishPending()
                section = text(only)
            }
        }

        let roles = layout.roles
        func column(_ role: ColumnRole) -> Int? { roles.firstIndex(of: role) }
        let numberColumn = column(.number)
        let taskColumn = column(.task)!
        let unitColumn = column(.leadUnit)
        let progressColumn = column(.progress)!

        for row in grid.rows.dropFirst(firstDataRow) {
            let texts = row.map(text)
            if texts.allSatisfy(\.isEmpty) { continue }
            if isRepeatedHeader(texts, layout) { continue }
            if let heading = sectionTitle(
                row: row, texts: texts, numberColumn: numberColumn,
                taskColumn: taskColumn, unitColumn: unitColumn,
                progressColumn: progressColumn)
            {
                finishPending()
                section = heading
                continue
            }
            let numberOrigin = numberColumn.map { row[$0] } ?? -1
            let taskOrigin = row[taskColumn]
            let progressOrigin = row[progressColumn]
            let numberText = numberColumn.map { texts[$0] } ?? ""
            let taskText = texts[taskColumn]

            let continuesPending: Bool
            if let pending {
                continuesPending =
                    (taskOrigin >= 0 && taskOrigin == pending.taskOrigin)
                    || (numberText.isEmpty && taskText.isEmpty)
            } else {
                continuesPending = false
            }
            if continuesPending {
                if progressOrigin >= 0, !pending!.progressOrigins.contains(progressOrigin) {
                    pending!.progressOrigins.insert(progressOrigin)
                    pending!.progressParagraphs += paragraphs(progressOrigin)
                }
                if let unitColumn, pending!.unitParagraphs.isEmpty {
                    pending!.unitParagraphs = paragraphs(row[unitColumn])
                }
                for (index, role) in roles.enumerated() where role == .extra {
                    let origin = row[index]
                    guard origin >= 0, !text(origin).isEmpty,
                        !pending!.extras.contains(where: { $0.origin == origin })
                    else { continue }
                    pending!.extras.append((layout.headerTexts[index], origin, text(origin)))
                }
                continue
            }
            finishPending()
            if taskText.isEmpty && texts[progressColumn].isEmpty { continue }
            var extras: [(name: String, origin: Int, text: String)] = []
            for (index, role) in roles.enumerated() where role == .extra {
                let origin = row[index]
                guard origin >= 0, origin != numberOrigin, origin != taskOrigin else { continue }
                extras.append((layout.headerTexts[index], origin, paragraphs(origin).joined(separator: "\n")))
            }
            pending = PendingEntry(
                number: normalizedNumber(numberText),
                section: section,
                taskOrigin: taskOrigin,
                taskParagraphs: paragraphs(taskOrigin),
                unitParagraphs: unitColumn.map { paragraphs(row[$0]) } ?? [],
                progressParagraphs: paragraphs(progressOrigin),
                progressOrigins: progressOrigin >= 0 ? [progressOrigin] : [],
                extras: extras
            )
        }
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
    func sectionTitle(
        row: [Int], texts: [String], numberColumn: Int?, taskColumn: Int,
        unitColumn: Int?, progressColumn: Int
    ) -> String? {
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
            if spanned >= 2 || (column != progressColumn && SectionHeading.looksLikeSection(candidate)) {
                return candidate
            }
            return nil
        }
        // `一 | 主要预期指标 | (empty)`: a Chinese ordinal in the number column.
        guard texts[progressColumn].isEmpty, unitColumn.map({ texts[$0].isEmpty }) ?? true,
            let numberColumn, SectionHeading.isChineseOrdinal(texts[numberColumn])
        else { return nil }
        let number = texts[numberColumn]
        let separator = number.hasSuffix("、") ? "" : "、"
        return number + separator + texts[taskColumn]
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
