/// One row of a report table: a work task, who leads it, and its progress.
public struct ReportEntry: Sendable, Hashable, Codable {
    /// Stable identity of the task within its report, derived from the folded
    /// section and task text (never from `number`, which pages lose or renumber).
    public var key: String
    /// The 序号 cell as printed, or nil when the cell is empty.
    public var number: String?
    /// The section (leader group, chapter) the row sits under, if any.
    public var section: String?
    /// The task text, without a trailing 牵头单位 clause.
    public var task: String
    /// Lead units, in page order; `市府办(市大数据局)` is one unit.
    public var leadUnits: [String]
    /// Progress items without their markers (①, 1., 一是 …).
    public var progress: [String]
    /// Other columns, by header text.
    public var extras: [String: String]

    public init(
        key: String, number: String?, section: String?, task: String,
        leadUnits: [String], progress: [String], extras: [String: String]
    ) {
        self.key = key
        self.number = number
        self.section = section
        self.task = task
        self.leadUnits = leadUnits
        self.progress = progress
        self.extras = extras
    }

    enum CodingKeys: String, CodingKey {
        case key, number, section, task, leadUnits, progress, extras
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(number, forKey: .number)
        try container.encode(section, forKey: .section)
        try container.encode(task, forKey: .task)
        try container.encode(leadUnits, forKey: .leadUnits)
        try container.encode(progress, forKey: .progress)
        try container.encode(extras, forKey: .extras)
    }
}
