/// Where a task stands, as its report says it: from a status column
/// (完成状态, 进展状态, 是否滞后, 评价 …) or from unambiguous words in its
/// progress (已完成, 序时推进, 进度滞后, 未启动 …). Never guessed: a report
/// that does not say has no status.
public struct EntryStatus: Sendable, Hashable, Codable {
    public enum Class: String, Sendable, Hashable, Codable, CaseIterable {
        case done
        case onTrack = "on_track"
        case lagging
        case notStarted = "not_started"
    }

    public enum Origin: String, Sendable, Hashable, Codable {
        /// A status column said it.
        case column
        /// A clause of the progress said it in so many words.
        case text
    }

    public var state: Class
    /// The words it was read from, as printed.
    public var text: String
    public var from: Origin

    public init(_ state: Class, text: String, from: Origin) {
        self.state = state
        self.text = text
        self.from = from
    }

    enum CodingKeys: String, CodingKey {
        case state = "class"
        case text, from
    }
}

/// The typed fields of a task: its status, deadline, target, leader,
/// percent complete and category, each read from the column a report
/// gives it (kept among the entry's extras, as before) or, for status,
/// from its progress words.
///
/// Derived, never stored: the extras and progress they come from are
/// stored and hashed already, so every stored key and hash of today reads
/// as before, and a status change is an extra's or a progress's change.
public struct EntryFields: Sendable, Hashable {
    public var status: EntryStatus?
    public var deadline: String?
    public var target: String?
    public var leader: String?
    public var percent: String?
    public var category: String?

    public init(
        status: EntryStatus? = nil, deadline: String? = nil, target: String? = nil, leader: String? = nil,
        percent: String? = nil, category: String? = nil
    ) {
        self.status = status
        self.deadline = deadline
        self.target = target
        self.leader = leader
        self.percent = percent
        self.category = category
    }

    public var isEmpty: Bool { self == EntryFields() }
}

extension EntryContent {
    /// The entry's typed fields (``EntryFields``), read from its extras by
    /// their headers (``EntryFieldVocabulary``) and, for a status no column
    /// gives, from its progress.
    public var typed: EntryFields {
        var fields = EntryFields()
        // Values as the extras hold them (a cell's paragraphs on lines);
        // status and percent are read from them, the rest kept as they are.
        for (header, text) in extras.sorted(by: { $0.key < $1.key }) {
            guard !DisplayText.clean(text).isEmpty else { continue }
            switch EntryFieldVocabulary.field(ofHeader: header) {
            case .status?:
                if fields.status == nil {
                    fields.status = EntryStatusWords.status(ofColumn: text, header: header)
                }
            case .deadline?: fields.deadline = fields.deadline ?? text
            case .target?: fields.target = fields.target ?? text
            case .leader?: fields.leader = fields.leader ?? text
            case .percent?: fields.percent = fields.percent ?? EntryStatusWords.percent(text)
            case .category?: fields.category = fields.category ?? text
            case nil: break
            }
        }
        if fields.status == nil { fields.status = EntryStatusWords.status(ofProgress: progress) }
        return fields
    }
}
