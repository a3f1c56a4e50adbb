import GovwatchCore

/// A table cell as the page declares it, before spans are expanded.
public struct SourceCell: Sendable {
    public var rowSpan: Int
    public var columnSpan: Int
    /// The cell's text split at block boundaries (`<p>`, `<br>`, `<div>` …).
    public var paragraphs: [String]
    /// True when `paragraphs` already went through ``DisplayText/clean(_:)``
    /// and hold no empty strings, so readers need not clean them again.
    public var isClean: Bool

    public init(rowSpan: Int = 1, columnSpan: Int = 1, paragraphs: [String], isClean: Bool = false) {
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
        self.paragraphs = paragraphs
        self.isClean = isClean
    }
}

/// A table with rowspan and colspan expanded: every row has one slot per
/// column, and each slot names the source cell that covers it, so a cell
/// spanning three rows is the same cell (same origin) in each of them.
public struct TableGrid: Sendable {
    /// Bounds that keep a hostile page from allocating an unbounded grid.
    public static let maximumColumns = 64
    public static let maximumRowSpan = 1_000

    /// Source cells in document order; slots refer to them by index.
    public private(set) var cells: [SourceCell]
    /// `rows[r][c]` is the index in `cells` covering row r, column c, or -1.
    public private(set) var rows: [[Int]]
    public private(set) var columnCount: Int

    public init(declaredRows: [[SourceCell]]) {
        var cells: [SourceCell] = []
        var rows: [[Int]] = []
        var carried: [(origin: Int, remaining: Int)] = []  // per column: rowspans from above
        var width = 0
        for declared in declaredRows {
            var row: [Int] = []
            var column = 0
            func takeCarried() {
                while column < carried.count, carried[column].remaining > 0 {
                    row.append(carried[column].origin)
                    carried[column].remaining -= 1
                    column += 1
                }
            }
            for var cell in declared {
                takeCarried()
                guard column < Self.maximumColumns else { break }
                cell.columnSpan = min(max(cell.columnSpan, 1), Self.maximumColumns - column)
                cell.rowSpan = min(max(cell.rowSpan, 1), Self.maximumRowSpan)
                let origin = cells.count
                cells.append(cell)
                for _ in 0..<cell.columnSpan {
                    row.append(origin)
                    while carried.count <= column { carried.append((-1, 0)) }
                    carried[column] = (origin, cell.rowSpan - 1)
                    column += 1
                }
            }
            takeCarried()
            while column < carried.count {
                if carried[column].remaining > 0 {
                    row.append(carried[column].origin)
                    carried[column].remaining -= 1
                } else {
                    row.append(-1)
                }
                column += 1
            }
            width = max(width, row.count)
            rows.append(row)
        }
        for index in rows.indices where rows[index].count < width {
            rows[index].append(contentsOf: repeatElement(-1, count: width - rows[index].count))
        }
        self.cells = cells
        self.rows = rows
        self.columnCount = width
    }
}
