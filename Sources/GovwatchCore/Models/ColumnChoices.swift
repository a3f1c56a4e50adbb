/// An operator's choice of column roles for one source's report tables
/// (`[sources.columns]`), by header text: `task = "项目内容"`,
/// `units = "责任部门"`, `progress = "进度"`, `status = "完成情况"` …. A
/// header named here takes that role on every table of the source, and no
/// other column of that table does (the automatic guess is overruled).
public struct ColumnChoices: Sendable, Hashable {
    /// The roles an operator can set, by their configuration key.
    public enum Choice: String, Sendable, Hashable, CaseIterable {
        case number, task, units, supporting, progress, category, status, extra

        /// The column role a choice gives (`status` and `extra` keep the
        /// column among the extras).
        public var role: ColumnRole {
            switch self {
            case .number: .number
            case .task: .task
            case .units: .leadUnit
            case .supporting: .supportingUnit
            case .progress: .progress
            case .category: .category
            case .status, .extra: .extra
            }
        }
    }

    /// Folded header text → the choice for it.
    public private(set) var byHeader: [String: Choice] = [:]

    public init(_ choices: [(Choice, [String])] = []) {
        for (choice, headers) in choices {
            for header in headers { byHeader[ComparableText.fold(header)] = choice }
        }
    }

    public var isEmpty: Bool { byHeader.isEmpty }

    /// True when some header is chosen as the status.
    public var namesStatus: Bool { byHeader.values.contains(.status) }

    /// Adds (or replaces) the choice for one header.
    public mutating func add(_ choice: Choice, header: String) {
        byHeader[ComparableText.fold(header)] = choice
    }

    /// The choice for a header, if the operator made one.
    public func choice(forHeader text: String) -> Choice? {
        byHeader.isEmpty ? nil : byHeader[ComparableText.fold(text)]
    }

    /// The extras key a `status` column is kept under: its own header when
    /// the vocabulary reads it as a status, else 完成状态, so that its words
    /// are read as the task's status wherever entries are shown.
    public static func statusKey(forHeader text: String) -> String {
        EntryFieldVocabulary.field(ofHeader: text) == .status ? text : "完成状态"
    }

    /// A stable text naming every choice: stored per source, so a cycle
    /// knows when the operator changed how its pages are read.
    public var fingerprint: String {
        let pairs = byHeader.sorted { $0.key < $1.key }.map { "\($0.value.rawValue)=\($0.key)" }
        return pairs.isEmpty ? "" : StableHash.hex(of: pairs)
    }
}
