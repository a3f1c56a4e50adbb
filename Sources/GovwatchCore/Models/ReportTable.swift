/// What a report table's header said and how its columns were understood.
public struct ReportTableLayout: Sendable, Hashable, Codable {
    /// Header cell texts, one per grid column.
    public var header: [String]
    /// The role of each column, parallel to `header`.
    public var roles: [ColumnRole]

    public init(header: [String], roles: [ColumnRole]) {
        self.header = header
        self.roles = roles
    }
}

/// The meaning of a report table column, decided from its header text.
public enum ColumnRole: String, Sendable, Hashable, Codable {
    case number
    case task
    case leadUnit
    /// 配合单位, 协同责任单位 (rules 3).
    case supportingUnit
    case progress
    /// 类别, 领域, 板块: the entry's section, kept among its extras too (rules 3).
    case category
    case extra
}
