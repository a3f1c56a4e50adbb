/// A host that may not be asked before some time: what outlives the
/// process (the store keeps it), so a restarted daemon or the next `once`
/// honours what the server asked and the backoff it earned.
public struct HostDeferral: Sendable, Hashable {
    public var host: String
    public var notBefore: Timestamp
    public var failures: Int
    /// The server asked for the wait (`Retry-After`); otherwise it is our backoff.
    public var retryAfter: Bool

    public init(host: String, notBefore: Timestamp, failures: Int, retryAfter: Bool) {
        self.host = host
        self.notBefore = notBefore
        self.failures = failures
        self.retryAfter = retryAfter
    }

    /// `host 127.0.0.1:8080 asked us to wait until 2026-12-02T11:42:00Z (Retry-After)`.
    public var description: String {
        retryAfter
            ? "host \(host) asked us to wait until \(notBefore.rfc3339) (Retry-After)"
            : "host \(host) is backed off until \(notBefore.rfc3339) after \(failures) failure\(failures == 1 ? "" : "s")"
    }
}
