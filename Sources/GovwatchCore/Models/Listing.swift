/// One article link found on a column page or in a dataproxy answer.
public struct ListingItem: Sendable, Hashable, Codable {
    /// Absolute URL of the article.
    public var url: String
    public var title: String?
    /// `YYYY-MM-DD`, when the record shows a date.
    public var date: String?

    public init(url: String, title: String?, date: String?) {
        self.url = url
        self.title = title
        self.date = date
    }

    enum CodingKeys: String, CodingKey { case url, title, date }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(title, forKey: .title)
        try c.encode(date, forKey: .date)
    }
}

/// Where deeper listing pages come from: JCMS's `dataproxy.jsp` endpoint.
public struct ListingProxy: Sendable, Hashable, Codable {
    /// Absolute URL of the proxy, without its query.
    public var url: String
    /// Parameters the page passes to the proxy (`columnid`, `unitid`, `webid`, …).
    public var parameters: [String: String]
    public var perPage: Int?

    public init(url: String, parameters: [String: String], perPage: Int?) {
        self.url = url
        self.parameters = parameters
        self.perPage = perPage
    }

    enum CodingKeys: String, CodingKey { case url, parameters, perPage }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(perPage, forKey: .perPage)
    }
}

/// Everything extracted from a column page or a dataproxy answer.
public struct Listing: Sendable, Hashable, Codable {
    /// The most articles a source's listing yields, all its pages and every
    /// form together (datastore records, plain links, paging): the newest,
    /// in the listing's order. Real columns show 15–50 a page; a listing
    /// of 100,000 links is hostile or broken, and each article costs a fetch.
    public static let maximumItems = 2_000

    public var url: String?
    /// Newest first, as the site lists them; deduplicated by URL.
    public var items: [ListingItem]
    public var totalRecords: Int?
    public var proxy: ListingProxy?
    /// The next listing page this page names (TRS's `createPageHTML`, a
    /// `rel="next"` or 下一页 link), absolute; nil when it names none.
    public var next: String?

    public init(url: String?, items: [ListingItem], totalRecords: Int?, proxy: ListingProxy?, next: String? = nil) {
        self.url = url
        self.items = items
        self.totalRecords = totalRecords
        self.proxy = proxy
        self.next = next
    }

    enum CodingKeys: String, CodingKey { case url, items, totalRecords, proxy, next }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(items, forKey: .items)
        try c.encode(totalRecords, forKey: .totalRecords)
        try c.encode(proxy, forKey: .proxy)
        try c.encodeIfPresent(next, forKey: .next)
    }
}
