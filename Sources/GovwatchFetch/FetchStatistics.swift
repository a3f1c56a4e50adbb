import GovwatchCore
import Synchronization

/// What the fetcher did per host since the process started: requests by
/// status (`0` for transfers that got no answer), body bytes, and time
/// spent waiting for the politeness gate. Read by the metrics file.
public final class FetchStatistics: Sendable {
    public struct Host: Sendable, Hashable {
        public var requestsByStatus: [Int: Int] = [:]
        public var bytes = 0
        public var waitSeconds = 0.0
    }

    private let hosts = Mutex<[String: Host]>([:])

    public init() {}

    func record(host: String, status: Int?, bytes: Int, waited: Duration) {
        hosts.withLock { hosts in
            var entry = hosts[host] ?? Host()
            entry.requestsByStatus[status ?? 0, default: 0] += 1
            entry.bytes += bytes
            entry.waitSeconds += waited.seconds
            hosts[host] = entry
        }
    }

    /// Every host's totals so far.
    public func snapshot() -> [String: Host] { hosts.withLock { $0 } }
}
