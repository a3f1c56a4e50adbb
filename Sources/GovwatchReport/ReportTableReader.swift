public import GovwatchCore

/// One candidate table of an article body, with the short heading that
/// precedes it on the page (pages that repeat the header per section put the
/// section title in a paragraph right above each table).
public struct ReportTableInput: Sendable {
    public var grid: TableGrid
    public var headingBefore: String?
    /// Where the table came from, for notes and for entries that say so.
    public var origin: TableOrigin

    public init(grid: TableGrid, headingBefore: String? = nil, origin: TableOrigin = .page(table: 1)) {
        self.grid = grid
        self.headingBefore = headingBefore
        self.origin = origin
    }
}

/// The report tables (or list) found in an article and the entries read from them.
public struct ReportReading: Sendable {
    public var tables: [ReportTableLayout]
    public var entries: [ReportEntry]
    /// `.assignment` when no table had a progress column (or no task of a
    /// list a progress paragraph).
    public var kind: ReportKind = .progress
    /// How the page was read, line by line, when asked for (``ReadingNotes``).
    public var notes: [String] = []
}

/// Turns expanded table grids into report entries.
///
/// A table is a report table when a header row names a task and a progress
/// column (see ``ColumnRoleClassifier``). Below it, each row is a repeated
/// header (skipped), a section row, a data row, or the continuation of the
/// previous entry (rowspan task cells, or a row with empty number and task
/// cells, as Word leaves when a row breaks across pages). A table without a
/// header that follows a report table of the same width continues it.
///
/// From rules 2 on, a page whose tables have no progress column may be an
/// assignment notice (责任分解): a header naming a task and a unit column
/// is then a report header, and the entries have no progress.
public enum ReportTableReader {
    public static func read(
        _ inputs: [ReportTableInput], title: String? = nil, rules: ReadingRules = .version1,
        choices: ColumnChoices = .init(), explain: Bool = false
    ) -> ReportReading {
        var state = ReadingState(title: title.map(ComparableText.fold), rules: rules)
        state.choices = choices
        if explain { state.notes = ReadingNotes() }
        // Each table's header is looked for once: with rules 2, either kind,
        // and assignment headers count only when no table has progress.
        var headers = inputs.map { input in
            state.headerRow(input.grid, requireProgress: !rules.readsAssignmentsAndLists)
        }
        if rules.readsAssignmentsAndLists {
            let anyProgress = headers.contains { $0?.roles.contains(.progress) ?? false }
            state.acceptsAssignments = !anyProgress
            if anyProgress {
                for (index, header) in headers.enumerated() where header.map({ !$0.roles.contains(.progress) }) ?? false
                {
                    headers[index] = state.headerRow(inputs[index].grid, requireProgress: true)
                }
            }
        }
        for (index, input) in inputs.enumerated() {
            state.table = index + 1
            state.read(input, header: headers[index])
        }
        state.finishPending()
        let hasProgress = state.layouts.contains { $0.roles.contains(.progress) }
        return ReportReading(
            tables: state.layouts, entries: state.assignKeys(), kind: hasProgress ? .progress : .assignment,
            notes: state.notes?.lines ?? [])
    }
}

struct PendingEntry {
    var number: String?
    var star: Bool
    var section: String?
    var taskOrigin: Int
    var taskParagraphs: [String]
    var unitParagraphs: [String]
    /// A supporting-unit column's paragraphs (rules 3).
    var supportingParagraphs: [String] = []
    var progressParagraphs: [String]
    var progressOrigins: Set<Int>
    var extras: [(name: String, origin: Int, text: String)]
}

struct Layout {
    var roles: [ColumnRole]
    var headerFolded: [String]
    /// The header as printed.
    var headerTexts: [String]
    /// The name each column's text is kept under among an entry's extras:
    /// its header, or 完成状态 for a status column the operator named.
    var extraNames: [String]
}

struct ReadingState {
    let title: String?
    let rules: ReadingRules
    /// The operator's column roles for this source (`[sources.columns]`).
    var choices = ColumnChoices()
    var acceptsAssignments = false
    var notes: ReadingNotes?
    /// The table being read, counted from 1 (for notes).
    var table = 0
    var layouts: [ReportTableLayout] = []
    var entries: [(section: String?, entry: ReportEntry)] = []
    var section: String?
    var lastLayout: Layout?
    var pending: PendingEntry?

    init(title: String?, rules: ReadingRules) {
        self.title = title
        self.rules = rules
    }

    /// Reads one table: its header (or the previous table's, for a
    /// header-less continuation), the section titles above it, then its rows.
    mutating func read(_ input: ReportTableInput, header: HeaderRow?) {
        var cells = CellTexts(input.grid)
        guard let (layout, firstDataRow) = findLayout(input.grid, header: header) else {
            note(
                "table \(table): skipped, no header row naming a task and a \(wanted) column" + firstRowNote(input.grid)
            )
            return
        }
        if layout.headerTexts != lastLayout?.headerTexts || firstDataRow > 0 {
            layouts.append(ReportTableLayout(header: layout.headerTexts, roles: layout.roles))
        }
        if firstDataRow > 0 {
            note("table \(table): header in row \(firstDataRow): " + describe(layout))
            if let column = header?.statusColumn {
                note("table \(table): \(layout.headerTexts[column]) holds only status words, read as the status")
            }
        } else {
            note("table \(table): no header, continues the previous table (\(layout.roles.count) columns)")
        }
        lastLayout = layout
        readSectionsAbove(input, firstDataRow: firstDataRow, &cells)
        let columns = Columns(layout.roles, rules: rules)
        for row in input.grid.rows.dropFirst(firstDataRow) {
            readRow(row, layout: layout, columns: columns, &cells)
        }
    }

    /// The header among the first rows, and the row after it; or the
    /// previous table's layout when this one has no header and its width.
    func findLayout(_ grid: TableGrid, header: HeaderRow?) -> (Layout, firstDataRow: Int)? {
        if let header {
            // A column the operator (or rules 4) calls the status is kept
            // under a name the status vocabulary reads (ColumnChoices.statusKey).
            let names = header.texts.indices.map { column in
                let text = header.texts[column]
                let isStatus = column == header.statusColumn || choices.choice(forHeader: text) == .status
                return isStatus ? ColumnChoices.statusKey(forHeader: text) : text
            }
            let layout = Layout(
                roles: header.roles, headerFolded: header.texts.map(ComparableText.fold), headerTexts: header.texts,
                extraNames: names)
            return (layout, header.index + 1)
        }
        if let previous = lastLayout, previous.roles.count == grid.columnCount {
            return (previous, 0)  // a header-less table continuing the previous one
        }
        return nil
    }

    /// The header among the first rows: its index, texts and roles.
    func headerRow(_ grid: TableGrid, requireProgress: Bool) -> HeaderRow? {
        var cells = CellTexts(grid)
        return headerRow(grid, requireProgress: requireProgress, cells: &cells)
    }

    func headerRow(_ grid: TableGrid, requireProgress: Bool, cells: inout CellTexts) -> HeaderRow? {
        for (index, row) in grid.rows.prefix(12).enumerated() {
            let texts = row.map { cells.text($0) }
            let roles = ColumnRoleClassifier.roles(ofHeader: texts, origins: row, rules: rules, choices: choices)
            if ColumnRoleClassifier.isReportHeader(roles)
                || (!requireProgress && ColumnRoleClassifier.isAssignmentHeader(roles))
            {
                let header = HeaderRow(index: index, texts: texts, roles: roles)
                return withStatusOnlyColumn(header, grid, cells: &cells)
            }
        }
        return nil
    }

    /// A section title in the paragraph before the table, or in a spanning
    /// row above its header.
    mutating func readSectionsAbove(_ input: ReportTableInput, firstDataRow: Int, _ cells: inout CellTexts) {
        if let heading = input.headingBefore.map(DisplayText.clean), isSectionTitle(heading) {
            finishPending()
            section = heading
            note("table \(table): section \"\(heading)\" (the paragraph above it)")
        }
        for (index, row) in input.grid.rows.prefix(max(firstDataRow - 1, 0)).enumerated() {
            let origins = Set(row.filter { $0 >= 0 && !cells.text($0).isEmpty })
            guard origins.count == 1, let only = origins.first else { continue }
            if isSectionTitle(cells.text(only)) {
                finishPending()
                section = cells.text(only)
                note("table \(table) row \(index + 1): section \"\(cells.text(only))\"")
            } else {
                note("table \(table) row \(index + 1): title \"\(cells.text(only))\", skipped")
            }
        }
    }

    func isSectionTitle(_ text: String) -> Bool {
        SectionHeading.looksLikeSection(text) && !SectionHeading.looksLikeTableTitle(text)
            && ComparableText.fold(text) != title
    }

    mutating func finishPending() {
        guard let pending else { return }
        self.pending = nil
        var task = pending.taskParagraphs.joined()
        var units = UnitAssignment()
        if rules.readsEveryUnitClause {
            units = UnitClauses.fromCell(pending.unitParagraphs, rules: rules)
            if let clause = UnitClauses.splitTrailing(task) {
                task = clause.task
                if units.leads.isEmpty { units.leads = clause.units.leads }
                if units.supporting.isEmpty { units.supporting = clause.units.supporting }
            }
            // Rules 3: `……，由X牵头。` in the task names its leads when nothing else does.
            if rules.readsWiderVocabulary, units.leads.isEmpty, let leads = ListLines.ledBy(task) {
                units.leads = leads
            }
            if !pending.supportingParagraphs.isEmpty {
                let column = UnitClauses.fromCell(pending.supportingParagraphs, rules: rules)
                units.supporting += (column.leads + column.supporting).filter { !units.supporting.contains($0) }
            }
        } else {
            units.leads = LeadUnits.fromCell(pending.unitParagraphs)
            if let clause = LeadUnits.splitTrailingClause(task) {
                task = clause.task
                if units.leads.isEmpty { units.leads = clause.units }
            }
        }
        var extras: [String: String] = [:]
        for extra in pending.extras {
            if let existing = extras[extra.name], !existing.isEmpty {
                if !extra.text.isEmpty { extras[extra.name] = existing + "\n" + extra.text }
            } else {
                extras[extra.name] = extra.text
            }
        }
        if pending.star { extras[Self.starExtra] = "*" }
        let entry = ReportEntry(
            key: "", number: pending.number, section: pending.section, task: task,
            leadUnits: units.leads, supportingUnits: units.supporting,
            progress: ProgressItems.split(pending.progressParagraphs, rules: rules), extras: extras
        )
        entries.append((pending.section, entry))
    }

    /// The extra that records a starred 序号 (`1*`: the city leads this task).
    static let starExtra = "序号标记"

    /// Keys from folded section and task; a repeated task gets `-2`, `-3` …
    func assignKeys() -> [ReportEntry] {
        var seen: [UInt64: Int] = [:]  // by hash value: one per hex key, without hashing the text
        return entries.map { item in
            var entry = item.entry
            // The bytes of `StableHash.hex(of: [fold(section), fold(task)])`, streamed.
            var hash = StableHash()
            ComparableText.hashFolded(item.section ?? "", into: &hash)
            hash.combine(byte: 0x1F)
            ComparableText.hashFolded(entry.task, into: &hash)
            let base = hash.hex
            let count = (seen[hash.value] ?? 0) + 1
            seen[hash.value] = count
            entry.key = count == 1 ? base : "\(base)-\(count)"
            return entry
        }
    }
}
