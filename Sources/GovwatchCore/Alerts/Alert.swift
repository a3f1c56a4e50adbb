/// One alert: a fact a reviewer should hear about once.
///
/// The keys `id`, `kind`, `source`, `url`, `title`, `detectedAt`,
/// `publishedAt`, `summary`, `changes` and `previous` are a contract with the
/// programs that read the spool; the others add detail.
public struct Alert: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case documentPublished = "document.published"
        case documentChanged = "document.changed"
        case documentRemoved = "document.removed"
        case documentUnparsed = "document.unparsed"
        /// A report that was unparsed reads again.
        case documentRecovered = "document.recovered"
        case sourceFailing = "source.failing"
        case sourceRecovered = "source.recovered"
        case sourceBaseline = "source.baseline"
        /// A series' next report is later than its rhythm allows (``PublicationCalendar``).
        case seriesOverdue = "series.overdue"

        /// The short Chinese name reviewers see in change logs and notifications.
        public var chineseName: String {
            switch self {
            case .documentPublished: "新报告"
            case .documentChanged: "报告更新"
            case .documentRemoved: "报告撤下"
            case .documentUnparsed: "报告无法解析"
            case .documentRecovered: "恢复解析"
            case .sourceFailing: "来源异常"
            case .sourceRecovered: "来源恢复"
            case .sourceBaseline: "开始监测"
            case .seriesOverdue: "逾期未发布"
            }
        }
    }

    /// A document named by an alert.
    public struct DocumentReference: Sendable, Hashable, Codable {
        public var url: String
        public var title: String?

        public init(url: String, title: String?) {
            self.url = url
            self.title = title
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(url, forKey: .url)
            try c.encode(title, forKey: .title)
        }

        enum CodingKeys: String, CodingKey { case url, title }
    }

    /// Derived from the event (kind, source, document, content hashes), so the
    /// same event always has the same id: delivery can tell it has been
    /// delivered already.
    public var id: String
    public var kind: Kind
    public var source: String
    public var url: String?
    public var title: String?
    /// RFC 3339, UTC.
    public var detectedAt: String
    public var publishedAt: String?
    /// One human-readable line (Chinese, as the reports are).
    public var summary: String
    public var changes: [EntryChange]
    /// The previous report of the series, for a published report.
    public var previous: DocumentReference?
    /// Entries in the document (published, changed, baseline).
    public var entryCount: Int?
    /// Metadata fields that changed (title, 索引号, …).
    public var fieldChanges: [FieldChange]
    /// Why: the failure, the HTTP status, the parse error.
    public var reason: String?
    /// Documents recorded by a baseline.
    public var documents: [DocumentReference]?
    /// The document's content hash after the event (published, changed).
    public var contentHash: String?
    /// The content hash the event started from (changed, removed, unparsed):
    /// consumers can chain alerts and see that none is missing or repeated.
    public var previousContentHash: String?

    public init(
        id: String, kind: Kind, source: String, url: String? = nil, title: String? = nil, detectedAt: String,
        publishedAt: String? = nil, summary: String, changes: [EntryChange] = [], previous: DocumentReference? = nil,
        entryCount: Int? = nil, fieldChanges: [FieldChange] = [], reason: String? = nil,
        documents: [DocumentReference]? = nil, contentHash: String? = nil, previousContentHash: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.source = source
        self.url = url
        self.title = title
        self.detectedAt = detectedAt
        self.publishedAt = publishedAt
        self.summary = summary
        self.changes = changes
        self.previous = previous
        self.entryCount = entryCount
        self.fieldChanges = fieldChanges
        self.reason = reason
        self.documents = documents
        self.contentHash = contentHash
        self.previousContentHash = previousContentHash
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, source, url, title, detectedAt, publishedAt, summary, changes, previous
        case entryCount, fieldChanges, reason, documents, contentHash, previousContentHash
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(source, forKey: .source)
        try c.encode(url, forKey: .url)
        try c.encode(title, forKey: .title)
        try c.encode(detectedAt, forKey: .detectedAt)
        try c.encode(publishedAt, forKey: .publishedAt)
        try c.encode(summary, forKey: .summary)
        try c.encode(changes, forKey: .changes)
        try c.encode(previous, forKey: .previous)
        try c.encode(entryCount, forKey: .entryCount)
        try c.encode(fieldChanges, forKey: .fieldChanges)
        try c.encode(reason, forKey: .reason)
        try c.encode(documents, forKey: .documents)
        try c.encode(contentHash, forKey: .contentHash)
        try c.encode(previousContentHash, forKey: .previousContentHash)
    }
}
