import GovwatchCore

/// Where a layout's columns are. A report header always has a task column,
/// and a progress column unless it is an assignment notice's
/// (``ColumnRoleClassifier/isAssignmentHeader(_:)``).
struct Columns {
    let number: Int?
    let task: Int
    let unit: Int?
    let progress: Int?
    /// Rules 3: a supporting-unit column, and a category column (the section).
    let supporting: Int?
    let category: Int?
    /// Rules 3: a task header over two columns (a group cell, often
    /// rowspan, then the item): the group's column; `task` is the item's.
    let taskGroup: Int?

    init(_ roles: [ColumnRole], rules: ReadingRules = .version2) {
        number = roles.firstIndex(of: .number)
        let first = roles.firstIndex(of: .task)!
        // Two task columns can only be one header cell spanning both.
        if rules.readsWiderVocabulary, first + 1 < roles.count, roles[first + 1] == .task {
            taskGroup = first
            task = first + 1
        } else {
            taskGroup = nil
            task = first
        }
        unit = roles.firstIndex(of: .leadUnit)
        progress = roles.firstIndex(of: .progress)
        supporting = roles.firstIndex(of: .supportingUnit)
        category = roles.firstIndex(of: .category)
    }
}

/// A grid's cell texts, each source cell cleaned once however many grid
/// slots it spans. Origin -1 (no cell) reads as empty.
struct CellTexts {
    let grid: TableGrid
    private var cleaned: [[String]?]
    private var joined: [String?]

    init(_ grid: TableGrid) {
        self.grid = grid
        cleaned = Array(repeating: nil, count: grid.cells.count)
        joined = Array(repeating: nil, count: grid.cells.count)
    }

    mutating func paragraphs(_ origin: Int) -> [String] {
        guard origin >= 0 else { return [] }
        if let cached = cleaned[origin] { return cached }
        let cell = grid.cells[origin]
        let value = cell.isClean ? cell.paragraphs : cell.paragraphs.map(DisplayText.clean).filter { !$0.isEmpty }
        cleaned[origin] = value
        return value
    }

    mutating func text(_ origin: Int) -> String {
        guard origin >= 0 else { return "" }
        if let cached = joined[origin] { return cached }
        let value = paragraphs(origin).joined()
        joined[origin] = value
        return value
    }
}
