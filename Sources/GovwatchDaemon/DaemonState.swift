import GovwatchConfig
import GovwatchCore
import GovwatchMonitor
import Synchronization

/// What the daemon's services share: the current monitor (replaced on
/// reload), each source's schedule, the scheduler's heartbeat, and the
/// figures behind `STATUS=`.
final class DaemonState: Sendable {
    /// A source's place in the schedule. `base` advances by whole intervals
    /// from where it started, so runs do not drift; `fire` adds this slot's
    /// jitter. Both are monotonic instants: wall-clock jumps move neither.
    struct Slot {
        var base: ContinuousClock.Instant
        var fire: ContinuousClock.Instant
    }

    struct Values {
        var monitor: Monitor
        var slots: [String: Slot] = [:]
        var running: Set<String> = []
        var heartbeat: ContinuousClock.Instant = .now
        var failing: Set<String> = []
        var cycles = 0
        var lastAlert: String?
        var deliveryBlocked: String?
        var failingNotifiers: [String] = []
        var lastDeliveryRetry: ContinuousClock.Instant = .now
        var stopping = false
    }

    private let values: Mutex<Values>

    init(monitor: Monitor) {
        values = Mutex(Values(monitor: monitor))
    }

    var monitor: Monitor { values.withLock { $0.monitor } }
    var stopping: Bool { values.withLock { $0.stopping } }
    var cycles: Int { values.withLock { $0.cycles } }

    func requestStop() { values.withLock { $0.stopping = true } }

    func beat() { values.withLock { $0.heartbeat = .now } }

    var heartbeatAge: Duration { values.withLock { ContinuousClock.now - $0.heartbeat } }

    /// Places a source in the schedule, `delay` from now.
    func schedule(_ source: String, after delay: Duration) {
        let now = ContinuousClock.now
        values.withLock { $0.slots[source] = Slot(base: now + delay, fire: now + delay) }
    }

    /// Swaps in a monitor for a reloaded configuration: kept sources keep
    /// their slots, new ones are due now, removed ones leave the schedule.
    func replace(monitor: Monitor) {
        let names = Set(monitor.configuration.sources.map(\.name))
        let now = ContinuousClock.now
        values.withLock { values in
            values.monitor = monitor
            values.slots = values.slots.filter { names.contains($0.key) }
            values.failing = values.failing.filter { names.contains($0) }
            for name in names where values.slots[name] == nil {
                values.slots[name] = Slot(base: now, fire: now)
            }
        }
    }

    /// Sources due now (and not already running), while fewer than `limit`
    /// run; each is marked running and given its next slot: the next whole
    /// interval after now from its base, so a late start skips missed slots
    /// instead of bursting. Due sources past the limit wait their turn; at
    /// most `count` are taken.
    func takeDue(jitter: Duration, limit: Int = .max, count: Int = .max) -> [GovwatchConfiguration.Source] {
        let now = ContinuousClock.now
        return values.withLock { values in
            var due: [GovwatchConfiguration.Source] = []
            for source in values.monitor.configuration.sources {
                guard values.running.count < limit, due.count < count else { break }
                guard let slot = values.slots[source.name], slot.fire <= now, !values.running.contains(source.name)
                else { continue }
                var base = slot.base + source.interval
                if base <= now {
                    let missed = Int(((now - base) / source.interval).rounded(.down)) + 1
                    base += source.interval * missed
                }
                let offset = jitter > .zero ? jitter * Double.random(in: 0..<1) : .zero
                values.slots[source.name] = Slot(base: base, fire: base + offset)
                values.running.insert(source.name)
                due.append(source)
            }
            return due
        }
    }

    /// The wall-clock time of a source's next run, persisted for restarts.
    func nextFire(_ source: String, wallNow: Timestamp) -> Timestamp? {
        let now = ContinuousClock.now
        return values.withLock { values in
            guard let slot = values.slots[source] else { return nil }
            return wallNow + (slot.fire - now)
        }
    }

    func finish(_ source: String, result: Monitor.CycleResult?, delivery: Delivery.Outcome) {
        values.withLock { values in
            values.running.remove(source)
            values.cycles += 1
            if let result {
                if result.failed { values.failing.insert(source) } else { values.failing.remove(source) }
                if let alert = result.alerts.last {
                    values.lastAlert = "\(alert.kind.rawValue) \(alert.title ?? alert.source)"
                }
            } else {
                values.failing.insert(source)
            }
            values.deliveryBlocked = delivery.blocked
        }
    }

    func setDeliveryBlocked(_ reason: String?) { values.withLock { $0.deliveryBlocked = reason } }

    /// Records failing notifiers; true when the list changed (STATUS= is due).
    func setFailingNotifiers(_ names: [String]) -> Bool {
        values.withLock { values in
            defer { values.failingNotifiers = names }
            return values.failingNotifiers != names
        }
    }

    /// True when delivery is blocked and the last retry is `interval` old.
    func deliveryRetryDue(every interval: Duration) -> Bool {
        let now = ContinuousClock.now
        return values.withLock { values in
            guard values.deliveryBlocked != nil, now - values.lastDeliveryRetry >= interval else { return false }
            values.lastDeliveryRetry = now
            return true
        }
    }

    /// One line for `STATUS=`: sources ok/failing, last alert, delivery trouble.
    var statusLine: String {
        values.withLock { values in
            let total = values.monitor.configuration.sources.count
            var line = "\(total) source(s): \(total - values.failing.count) ok, \(values.failing.count) failing"
            if !values.failing.isEmpty { line += " (\(values.failing.sorted().joined(separator: ", ")))" }
            line += "; \(values.cycles) cycle(s)"
            if let last = values.lastAlert { line += "; last alert: \(last)" }
            if let blocked = values.deliveryBlocked { line += "; DELIVERY WAITING: \(blocked)" }
            if !values.failingNotifiers.isEmpty {
                line += "; notifier failing: \(values.failingNotifiers.joined(separator: ", "))"
            }
            return String(line.prefix(400))
        }
    }
}
