public import GovwatchCore

/// A failed fetch, typed so callers can tell a blocked source from a slow one.
/// Every error names the URL and carries libcurl's own message.
public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Value: String, Sendable, Hashable {
            case dns, connect, timeout, tls, tooLarge, tooManyRedirects, badRedirect, unsupportedURL
            case http, blocked, reset, cutShort, headersTooLarge, cancelled, other
        }
        let value: Value
        /// The host name did not resolve.
        public static let dns = Code(value: .dns)
        /// No connection could be made (refused, unreachable).
        public static let connect = Code(value: .connect)
        /// Connect, total or low-speed timeout.
        public static let timeout = Code(value: .timeout)
        /// TLS handshake or certificate verification failed.
        public static let tls = Code(value: .tls)
        /// The body is larger than the configured maximum; the transfer was aborted.
        public static let tooLarge = Code(value: .tooLarge)
        /// More redirects than allowed (a loop, usually).
        public static let tooManyRedirects = Code(value: .tooManyRedirects)
        /// A redirect to a scheme other than http/https (file://, ftp://, …).
        public static let badRedirect = Code(value: .badRedirect)
        /// The URL itself is malformed or not http/https.
        public static let unsupportedURL = Code(value: .unsupportedURL)
        /// The server answered with an error status (see `status`).
        public static let http = Code(value: .http)
        /// A 403/412/… answer carrying a script challenge (an anti-bot wall): not content.
        public static let blocked = Code(value: .blocked)
        /// The connection was reset or closed mid-transfer.
        public static let reset = Code(value: .reset)
        /// The connection closed before the body its Content-Length announced.
        public static let cutShort = Code(value: .cutShort)
        /// The response's headers are larger than libcurl accepts (100 KB).
        public static let headersTooLarge = Code(value: .headersTooLarge)
        /// The caller went away (task cancelled, daemon stopping).
        public static let cancelled = Code(value: .cancelled)
        public static let other = Code(value: .other)

        public var description: String { value.rawValue }
    }

    public let code: Code
    public let url: String
    /// HTTP status for `.http` and `.blocked`.
    public let status: Int?
    /// Seconds the server asked us to wait (429/503 `Retry-After`).
    public let retryAfter: Double?
    public let message: String

    public init(_ code: Code, url: String, status: Int? = nil, retryAfter: Double? = nil, message: String) {
        self.code = code
        self.url = url
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    /// One line for operators: what happened in plain words, the URL, and
    /// libcurl's or the server's own detail when it adds something.
    /// `HTTP 500 fetching https://…`, `body too large fetching https://…:
    /// larger than max_body (8 MB); transfer aborted`.
    public var description: String {
        var text = "\(code.phrase(status: status)) fetching \(url)"
        if !message.isEmpty { text += ": \(message)" }
        return text
    }
}

extension FetchError.Code {
    /// What the code means, in words (the code names stay for programs).
    public func phrase(status: Int?) -> String {
        switch value {
        case .dns: "host name not found"
        case .connect: "cannot connect"
        case .timeout: "timed out"
        case .tls: "TLS failed"
        case .tooLarge: "body too large"
        case .tooManyRedirects: "too many redirects"
        case .badRedirect: "redirected to a scheme other than http(s)"
        case .unsupportedURL: "not an http(s) URL"
        case .http: status.map { "HTTP \($0)" } ?? "HTTP error"
        case .blocked: "blocked by an anti-bot page" + (status.map { " (HTTP \($0))" } ?? "")
        case .reset: "connection reset"
        case .cutShort: "body cut short"
        case .headersTooLarge: "response headers too large"
        case .cancelled: "cancelled"
        case .other: "fetch failed"
        }
    }
}

extension FetchError {
    /// This failure as the cycle decision records it.
    public var problem: FetchProblem { FetchProblem(url: url, status: status, description: description) }
}
