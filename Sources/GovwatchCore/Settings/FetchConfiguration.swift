/// How the fetcher talks to servers. Defaults suit a polite monitor of a
/// government site; tests shorten the timeouts.
///
/// A plain value in the core, so the configuration (which reads it from
/// `[http]`) and the fetcher (which obeys it) share it without either
/// linking the other: parsing a config never links libcurl.
public struct FetchConfiguration: Sendable {
    public var userAgent: String = "govwatch/0.1 (+https://example.invalid/govwatch; contact: ops@example.invalid)"
    public var connectTimeout: Duration = .seconds(15)
    public var totalTimeout: Duration = .seconds(60)
    /// Abort when fewer than `lowSpeedLimit` bytes/s arrive for `lowSpeedTime`.
    public var lowSpeedLimit: Int = 100
    public var lowSpeedTime: Duration = .seconds(20)
    /// Bodies larger than this abort the transfer with `.tooLarge`.
    public var maxBodyBytes: Int = 8 * 1024 * 1024
    public var maxRedirects: Int = 5
    /// Explicit proxy (`http://host:port`); when nil, libcurl honours
    /// `http_proxy`/`https_proxy`/`no_proxy` from the environment.
    public var proxy: String?
    /// CA bundle file or directory for TLS verification (which is always on).
    public var caFile: String?
    public var caPath: String?
    /// Minimum time between the start of two requests to one host.
    public var perHostDelay: Duration = .seconds(2)
    /// At most this many transfers run at once, over all hosts.
    public var concurrency: Int = 4
    /// Exponential backoff after failures: base, cap, and ± jitter fraction.
    public var backoffBase: Duration = .seconds(30)
    public var backoffCap: Duration = .seconds(3600)
    public var backoffJitter: Double = 0.2
    /// Longest `Retry-After` honoured; longer asks are clamped.
    public var maxRetryAfter: Duration = .seconds(6 * 3600)
    /// Extra headers sent with every request.
    public var headers: [String] = ["Accept-Language: zh-CN,zh;q=0.9"]

    public init() {}

    /// Every setting in one string, to tell whether two configurations differ.
    public var signature: String {
        [
            userAgent, "\(connectTimeout)", "\(totalTimeout)", "\(lowSpeedLimit)", "\(lowSpeedTime)", "\(maxBodyBytes)",
            "\(maxRedirects)", proxy ?? "-", caFile ?? "-", caPath ?? "-", "\(perHostDelay)", "\(concurrency)",
            "\(backoffBase)", "\(backoffCap)", "\(backoffJitter)", "\(maxRetryAfter)", headers.joined(separator: "\n"),
        ]
        .joined(separator: "\u{1F}")
    }
}
