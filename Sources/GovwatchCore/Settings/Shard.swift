/// `[daemon] shard = "K/N"`: this instance watches only the sources whose
/// host falls to K of N, so N instances share one configuration with no
/// overlap, and each host's politeness stays within one instance.
///
/// The assignment is a contract between instances (and across upgrades):
/// the 64-bit FNV-1a hash (``StableHash``) of the source URL's lowercased
/// `host[:port]` (as ``URLSyntax/hostKey(of:)`` gives it), modulo N, plus
/// one. It never depends on the order or number of sources.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// 1…count.
    public let index: Int
    public let count: Int

    /// `"K/N"` with 1 ≤ K ≤ N ≤ 1024; nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let trimmed = parts.map { $0.trimmingCharacters(in: " ") }
        guard parts.count == 2, let index = Int(trimmed[0]), let count = Int(trimmed[1]),
            (1...1024).contains(count), (1...count).contains(index)
        else { return nil }
        self.index = index
        self.count = count
    }

    /// The shard (1…count) a host belongs to.
    public static func of(host: String, count: Int) -> Int {
        var hash = StableHash()
        hash.combine(host.lowercased())
        return Int(hash.value % UInt64(count)) + 1
    }

    /// Whether this instance watches `url` (by its host).
    public func owns(url: String) -> Bool {
        guard let host = URLSyntax.hostKey(of: url) else { return false }
        return Self.of(host: host, count: count) == index
    }

    public var description: String { "\(index)/\(count)" }
}
