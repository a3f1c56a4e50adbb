import GovwatchConfig
import GovwatchCore

/// The rules a notifier follows, as values: which alerts it takes, how many
/// it puts in one message, how long it waits after a failure, and its rate
/// (``TokenBucket``). ``NotifierDispatcher`` applies them; tests check them
/// in process, with the time given, never by sleeping.
struct NotifierPolicy: Sendable {
    let notifier: GovwatchConfiguration.Notifier
    /// The first wait after a failure; doubled for each failure in a row.
    let backoffBase: Duration
    let backoffCap: Duration
    /// At most this many alerts in one message.
    static let maximumBatch = 50

    /// Whether the notifier takes `alert`: its sources, its kinds, and its
    /// units (any part of a lead unit's name, folded, matches).
    func matches(_ alert: Alert) -> Bool {
        if !notifier.sources.isEmpty && !notifier.sources.contains(alert.source) { return false }
        if !notifier.kinds.isEmpty && !notifier.kinds.contains(alert.kind.rawValue) { return false }
        if !notifier.units.isEmpty {
            let units = notifier.units.map(ComparableText.fold)
            return alert.changes.contains { change in
                change.leadUnits.contains { unit in units.contains { ComparableText.fold(unit).contains($0) } }
            }
        }
        return true
    }

    /// How many of `pending` alerts go in the next message when `tokens`
    /// messages may be sent now: spread so that the tokens cover them all.
    static func batchSize(pending: Int, tokens: Int) -> Int {
        guard tokens > 0 else { return 0 }
        let spread = max(1, Int((Double(pending) / Double(tokens)).rounded(.up)))
        return min(spread, maximumBatch)
    }

    /// How long to wait after `failures` failures in a row (1 or more).
    func backoff(failures: Int) -> Duration {
        min(backoffBase * Double(1 << min(max(failures, 1) - 1, 16)), backoffCap)
    }

    /// A full bucket for this notifier's `rate_per_minute`.
    func bucket(at time: Timestamp) -> TokenBucket {
        TokenBucket(capacity: Double(notifier.ratePerMinute), at: time)
    }
}

/// A notifier's rate limit: up to `capacity` messages at once, refilled
/// continuously at `capacity` per minute.
struct TokenBucket: Sendable, Equatable {
    let capacity: Double
    private(set) var tokens: Double
    private(set) var at: Timestamp

    init(capacity: Double, at time: Timestamp) {
        self.capacity = capacity
        tokens = capacity
        at = time
    }

    /// Refills for the time since the last look; the whole messages that
    /// may be sent at `time`. A clock that went back refills nothing.
    mutating func available(at time: Timestamp) -> Int {
        let elapsed = max(0, time.epochSeconds - at.epochSeconds)
        tokens = min(capacity, tokens + elapsed * capacity / 60)
        at = time
        return Int(tokens.rounded(.down))
    }

    /// One message sent.
    mutating func take() { tokens -= 1 }
}
