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
    case progress
    case extra
}
