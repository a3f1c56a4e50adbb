/// What a report is: a progress report (完成情况, 进展情况 …) or a
/// task-assignment notice (责任分解), which lists tasks and units only.
public enum ReportKind: String, Sendable, Hashable, Codable {
    case progress
    case assignment
}

/// Everything extracted from one article page: its metadata, how its
/// tables were read, and its entries. Metadata fields read as the
/// article's own (`article.title`).
///
/// JSON (`govwatch extract`): one flat object, the metadata's fields beside
/// `url`, `kind`, `tables` and `entries`.
@dynamicMemberLookup
public struct Article: Sendable, Hashable, Codable {
    public var url: String?
    public var metadata: DocumentMetadata
    public var kind: ReportKind
    public var tables: [ReportTableLayout]
    public var entries: [ReportEntry]
    /// Files the page links to (附件) when its report was read from the
    /// page itself: recorded, not fetched (``AttachedFile/wasFetched`` is
    /// false), so that reviewers see the official files beside the table.
    public var linkedFiles: [AttachedFile] = []

    public init(
        url: String? = nil, metadata: DocumentMetadata = DocumentMetadata(), kind: ReportKind = .progress,
        tables: [ReportTableLayout] = [], entries: [ReportEntry] = []
    ) {
        self.url = url
        self.metadata = metadata
        self.kind = kind
        self.tables = tables
        self.entries = entries
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<DocumentMetadata, Value>) -> Value {
        get { metadata[keyPath: field] }
        set { metadata[keyPath: field] = newValue }
    }

    enum CodingKeys: String, CodingKey { case url, kind, tables, entries, attachments }

    public init(from decoder: any Decoder) throws {
        metadata = try DocumentMetadata(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        kind = try c.decode(ReportKind.self, forKey: .kind, absent: .progress)
        tables = try c.decode([ReportTableLayout].self, forKey: .tables, absent: [])
        entries = try c.decode([ReportEntry].self, forKey: .entries, absent: [])
        linkedFiles = try c.decode([AttachedFile].self, forKey: .attachments, absent: [])
    }

    public func encode(to encoder: any Encoder) throws {
        try metadata.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(kind, forKey: .kind)
        try c.encode(tables, forKey: .tables)
        try c.encode(entries, forKey: .entries)
        if !linkedFiles.isEmpty { try c.encode(linkedFiles, forKey: .attachments) }
    }
}
