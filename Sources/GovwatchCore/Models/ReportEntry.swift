/// What a task row says: the task, who leads it, who supports it, its
/// progress and any other columns. One value for extraction, snapshots,
/// the diff and alerts (an alert's `before` and `after`).
///
/// Fields the next readers add (status, deadline, target, leader, the
/// attachment a row came from) are optional and written only when present,
/// so every stored hash and alert of today reads and hashes as before.
public struct EntryContent: Sendable, Hashable, Codable {
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
        task: String, leadUnits: [String], supportingUnits: [String] = [], progress: [String],
        extras: [String: String] = [:]
    ) {
        self.task = task
        self.leadUnits = leadUnits
        self.supportingUnits = supportingUnits
        self.progress = progress
        self.extras = extras
    }

    enum CodingKeys: String, CodingKey {
        case task, leadUnits, supportingUnits, progress, extras
        case status, deadline, target, leader, percent, category
    }

    /// Rows and alerts written before supporting units existed have none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        task = try c.decode(String.self, forKey: .task)
        leadUnits = try c.decode([String].self, forKey: .leadUnits)
        supportingUnits = try c.decode([String].self, forKey: .supportingUnits, absent: [])
        progress = try c.decode([String].self, forKey: .progress)
        extras = try c.decode([String: String].self, forKey: .extras)
    }

    /// `supportingUnits` only when there are some, and each typed field
    /// (``typed``) only when the entry has it: alerts of layouts without
    /// them read exactly as before. Typed fields are written, never read
    /// back: they follow from the extras and progress.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(task, forKey: .task)
        try c.encode(leadUnits, forKey: .leadUnits)
        if !supportingUnits.isEmpty { try c.encode(supportingUnits, forKey: .supportingUnits) }
        try c.encode(progress, forKey: .progress)
        try c.encode(extras, forKey: .extras)
        let typed = typed
        guard !typed.isEmpty else { return }
        try c.encodeIfPresent(typed.status, forKey: .status)
        try c.encodeIfPresent(typed.deadline, forKey: .deadline)
        try c.encodeIfPresent(typed.target, forKey: .target)
        try c.encodeIfPresent(typed.leader, forKey: .leader)
        try c.encodeIfPresent(typed.percent, forKey: .percent)
        try c.encodeIfPresent(typed.category, forKey: .category)
    }
}

/// One row of a report: where it sits (its key, 序号 and section) and what
/// it says (``EntryContent``, whose fields read as the entry's own:
/// `entry.task`).
///
/// JSON: one flat object; unlike an alert's content, it always lists
/// `supportingUnits` (`govwatch extract` documents every field).
@dynamicMemberLookup
public struct ReportEntry: Sendable, Hashable, Codable {
    /// Stable identity of the task within its report, derived from the folded
    /// section and task text (never from `number`, which pages lose or renumber).
    public var key: String
    /// The 序号 cell as printed, or nil when the cell is empty.
    public var number: String?
    /// The section (leader group, chapter) the row sits under, if any.
    public var section: String?
    public var content: EntryContent

    public init(key: String, number: String?, section: String?, content: EntryContent) {
        self.key = key
        self.number = number
        self.section = section
        self.content = content
    }

    public init(
        key: String, number: String?, section: String?, task: String,
        leadUnits: [String], supportingUnits: [String] = [], progress: [String], extras: [String: String]
    ) {
        self.init(
            key: key, number: number, section: section,
            content: EntryContent(
                task: task, leadUnits: leadUnits, supportingUnits: supportingUnits, progress: progress,
                extras: extras))
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<EntryContent, Value>) -> Value {
        get { content[keyPath: field] }
        set { content[keyPath: field] = newValue }
    }

    enum CodingKeys: String, CodingKey { case key, number, section, supportingUnits }

    public init(from decoder: any Decoder) throws {
        content = try EntryContent(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        number = try c.decodeIfPresent(String.self, forKey: .number)
        section = try c.decodeIfPresent(String.self, forKey: .section)
    }

    public func encode(to encoder: any Encoder) throws {
        try content.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(number, forKey: .number)
        try c.encode(section, forKey: .section)
        try c.encode(content.supportingUnits, forKey: .supportingUnits)
    }
}
