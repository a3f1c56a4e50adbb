/// An article's metadata block (索引号, 发布机构, 生成日期 …) and title: one
/// value shared by the extracted ``Article``, the stored
/// ``DocumentSnapshot`` and the store's binary coding of it.
///
/// JSON: flat in the article's and the snapshot's object, every field
/// written (`null` when absent), absent fields read as nil.
public struct DocumentMetadata: Sendable, Hashable, Codable {
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

    public init(
        title: String? = nil, indexNumber: String? = nil, category: String? = nil, publisher: String? = nil,
        generatedDate: String? = nil, disclosure: String? = nil, publishedAt: String? = nil, source: String? = nil,
        columnName: String? = nil
    ) {
        self.title = title
        self.indexNumber = indexNumber
        self.category = category
        self.publisher = publisher
        self.generatedDate = generatedDate
        self.disclosure = disclosure
        self.publishedAt = publishedAt
        self.source = source
        self.columnName = columnName
    }

    /// Every field, in the order the store's snapshot coding writes them.
    /// The coding's layout is a stored contract: never reorder.
    public static let storedOrder: [any WritableKeyPath<DocumentMetadata, String?> & Sendable] = [
        \.title, \.indexNumber, \.category, \.publisher, \.generatedDate, \.disclosure, \.publishedAt, \.source,
        \.columnName,
    ]

    /// The fields compared between versions, by JSON name, in the order
    /// the content hash folds them (a stored contract: never reorder). The
    /// publication date and the column are not content.
    public var compared: [(name: String, value: String?)] {
        [
            ("title", title), ("indexNumber", indexNumber), ("category", category), ("publisher", publisher),
            ("generatedDate", generatedDate), ("disclosure", disclosure), ("source", source),
        ]
    }

    enum CodingKeys: String, CodingKey {
        case title, indexNumber, category, publisher, generatedDate, disclosure, publishedAt, source, columnName
    }

    /// Writes every field, absent ones as `null` (synthesized coding would
    /// leave them out, and `govwatch extract`'s JSON lists them all).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encode(indexNumber, forKey: .indexNumber)
        try c.encode(category, forKey: .category)
        try c.encode(publisher, forKey: .publisher)
        try c.encode(generatedDate, forKey: .generatedDate)
        try c.encode(disclosure, forKey: .disclosure)
        try c.encode(publishedAt, forKey: .publishedAt)
        try c.encode(source, forKey: .source)
        try c.encode(columnName, forKey: .columnName)
    }
}
