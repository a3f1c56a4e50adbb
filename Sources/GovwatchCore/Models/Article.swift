/// What a report is: a progress report (完成情况, 进展情况 …) or a
/// task-assignment notice (责任分解), which lists tasks and units only.
public enum ReportKind: String, Sendable, Hashable, Codable {
    case progress
    case assignment
}

/// Everything extracted from one article page.
public struct Article: Sendable, Hashable, Codable {
    public var url: String?
    public var title: String?
    /// 索引号
    public var indexNumber: String?
    /// 组配分类
    public var category: String?
    /// 发布机构
    public var publisher: String?
    /// 生成日期, as `YYYY-MM-DD`.
    public var generatedDate: String?
    /// 公开方式
    public var disclosure: String?
    /// 发布日期 as RFC 3339 in China Standard Time when a time is known
    /// (`2022-01-06T10:27:00+08:00`), else `YYYY-MM-DD`.
    public var publishedAt: String?
    /// 来源
    public var source: String?
    public var columnName: String?
    public var kind: ReportKind
    public var tables: [ReportTableLayout]
    public var entries: [ReportEntry]

    public init(
        url: String? = nil, title: String? = nil, indexNumber: String? = nil, category: String? = nil,
        publisher: String? = nil, generatedDate: String? = nil, disclosure: String? = nil,
        publishedAt: String? = nil, source: String? = nil, columnName: String? = nil, kind: ReportKind = .progress,
        tables: [ReportTableLayout] = [], entries: [ReportEntry] = []
    ) {
        self.url = url
        self.title = title
        self.indexNumber = indexNumber
        self.category = category
        self.publisher = publisher
        self.generatedDate = generatedDate
        self.disclosure = disclosure
        self.publishedAt = publishedAt
        self.source = source
        self.columnName = columnName
        self.kind = kind
        self.tables = tables
        self.entries = entries
    }

    enum CodingKeys: String, CodingKey {
        case url, title, indexNumber, category, publisher, generatedDate, disclosure
        case publishedAt, source, columnName, kind, tables, entries
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        indexNumber = try c.decodeIfPresent(String.self, forKey: .indexNumber)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        publisher = try c.decodeIfPresent(String.self, forKey: .publisher)
        generatedDate = try c.decodeIfPresent(String.self, forKey: .generatedDate)
        disclosure = try c.decodeIfPresent(String.self, forKey: .disclosure)
        publishedAt = try c.decodeIfPresent(String.self, forKey: .publishedAt)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        columnName = try c.decodeIfPresent(String.self, forKey: .columnName)
        kind = try c.decodeIfPresent(ReportKind.self, forKey: .kind) ?? .progress
        tables = try c.decodeIfPresent([ReportTableLayout].self, forKey: .tables) ?? []
        entries = try c.decodeIfPresent([ReportEntry].self, forKey: .entries) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(title, forKey: .title)
        try c.encode(indexNumber, forKey: .indexNumber)
        try c.encode(category, forKey: .category)
        try c.encode(publisher, forKey: .publisher)
        try c.encode(generatedDate, forKey: .generatedDate)
        try c.encode(disclosure, forKey: .disclosure)
        try c.encode(publishedAt, forKey: .publishedAt)
        try c.encode(source, forKey: .source)
        try c.encode(columnName, forKey: .columnName)
        try c.encode(kind, forKey: .kind)
        try c.encode(tables, forKey: .tables)
        try c.encode(entries, forKey: .entries)
    }
}
