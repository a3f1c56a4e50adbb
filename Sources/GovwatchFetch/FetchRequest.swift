public import GovwatchCore

/// One HTTP request: a GET, or a form POST (JCMS dataproxy pages need POST).
public struct FetchRequest: Sendable, Hashable {
    public enum Method: Sendable, Hashable {
        case get
        /// `application/x-www-form-urlencoded` body from ordered fields.
        case postForm([(String, String)])
        /// A body of any type (JSON for webhooks and robots).
        case post(body: [UInt8], contentType: String)

        public static func == (lhs: Method, rhs: Method) -> Bool {
            switch (lhs, rhs) {
            case (.get, .get): true
            case let (.postForm(a), .postForm(b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
            case let (.post(a, x), .post(b, y)): a == b && x == y
            default: false
            }
        }

        public func hash(into hasher: inout Hasher) {
            switch self {
            case .get: hasher.combine(0)
            case let .postForm(fields):
                hasher.combine(1)
                for (name, value) in fields {
                    hasher.combine(name)
                    hasher.combine(value)
                }
            case let .post(body, contentType):
                hasher.combine(2)
                hasher.combine(body)
                hasher.combine(contentType)
            }
        }
    }

    public var url: String
    public var method: Method
    /// Extra request headers, `Name: value` each.
    public var headers: [String]
    public var referer: String?
    /// Send conditional headers from remembered validators (ETag, Last-Modified).
    public var conditional: Bool
    /// Validators to send instead of the fetcher's remembered ones. A caller
    /// that stores validators with its own state passes them here, and the
    /// fetcher then neither looks them up nor remembers new ones.
    public var validators: Validators?

    public init(
        url: String, method: Method = .get, headers: [String] = [], referer: String? = nil, conditional: Bool = true,
        validators: Validators? = nil
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.referer = referer
        self.conditional = conditional
        self.validators = validators
    }
}

/// What a server answered.
public struct FetchResponse: Sendable {
    /// The URL asked for.
    public var url: String
    /// The URL that answered, after redirects.
    public var effectiveURL: String
    public var status: Int
    /// The final response's headers that govwatch uses (content-type, etag,
    /// last-modified, retry-after, location, content-length, content-encoding,
    /// date), names lowercased; a repeated header keeps its last value.
    public var headers: [String: String]
    /// The decoded body (gzip/deflate undone by libcurl); empty for 304.
    public var body: [UInt8]
    public var redirectCount: Int

    /// True for 304 Not Modified: the stored copy is current, nothing to parse.
    public var notModified: Bool { status == 304 }
    /// The charset of the `Content-Type` header, if it names one.
    public var contentType: String? { headers["content-type"] }
    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }

    public init(
        url: String, effectiveURL: String, status: Int, headers: [String: String], body: [UInt8], redirectCount: Int
    ) {
        self.url = url
        self.effectiveURL = effectiveURL
        self.status = status
        self.headers = headers
        self.body = body
        self.redirectCount = redirectCount
    }
}
