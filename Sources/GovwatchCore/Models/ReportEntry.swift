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
    /// Supporting units (配合单位, 协办单位), in page order; empty for
    /// layouts that name none.
    public var supportingUnits: [String]
    /// Progress items without their markers (①, 1., 一是 …); empty in an
    /// assignment notice (责任分解), which has no progress.
    public var progress: [String]
    /// Other columns, by header text.
    public var extras: [String: String]

    public init(
        key: String, number: String?, section: String?, task: String,
        leadUnits: [String], supportingUnits: [String] = [], progress: [String], extras: [String: String]
    ) {
        self.key = key
        self.number = number
        self.section = section
        self.task = task
        self.leadUnits = leadUnits
        self.supportingUnits = supportingUnits
        self.progress = progress
        self.extras = extras
    }

    enum CodingKeys: String, CodingKey {
        case key, number, section, task, leadUnits, supportingUnits, progress, extras
    }

    /// Entries stored before `supportingUnits` existed decode with none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        number = try container.decodeIfPresent(String.self, forKey: .number)
        section = try container.decodeIfPresent(String.self, forKey: .section)
        task = try container.decode(String.self, forKey: .task)
        leadUnits = try container.decode([String].self, forKey: .leadUnits)
        supportingUnits = try container.decodeIfPresent([String].self, forKey: .supportingUnits) ?? []
        progress = try container.decode([String].self, forKey: .progress)
        extras = try container.decode([String: String].self, forKey: .extras)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(number, forKey: .number)
        try container.encode(section, forKey: .section)
        try container.encode(task, forKey: .task)
        try container.encode(leadUnits, forKey: .leadUnits)
        try container.encode(supportingUnits, forKey: .supportingUnits)
        try container.encode(progress, forKey: .progress)
        try container.encode(extras, forKey: .extras)
    }
}
