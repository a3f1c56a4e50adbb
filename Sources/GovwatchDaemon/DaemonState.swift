import GovwatchConfig
import GovwatchCore
import GovwatchMonitor
import Synchronization

/// What the daemon's services share: the current monitor (replaced on
/// reload), the ``Schedule``, the scheduler's heartbeat, and the figures
/// behind `STATUS=`. The one place that reads the monotonic clock and the
/// system's randomness for the schedule.
final class DaemonState: Sendable {
    struct Values {
        var monitor: Monitor
        var schedule = Schedule()
        var running: Set<String> = []
        var heartbeat: ContinuousClock.Instant = .now
        var failing: Set<String> = []
        var cycles = 0
        var lastAlert: String?
        var deliveryBlocked: String?
        var failingNotifiers: [String] = []
        var lastDeliveryRetry: ContinuousClock.Instant = .now
        /// The calendar's last check; the first comes an interval after
        /// start, when every source has had its cycle (a report published
        /// while the daemon was down is fetched before it is judged late).
        var lastCalendarCheck: ContinuousClock.Instant = .now
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
        values.withLock { $0.schedule.place(source, at: now + delay) }
    }

    /// Swaps in a monitor for a reloaded configuration: kept sources keep
    /// their slots, new ones are due now, removed ones leave the schedule.
    func replace(monitor: Monitor) {
        let names = Set(monitor.configuration.sources.map(\.name))
        let now = ContinuousClock.now
        values.withLock { values in
            values.monitor = monitor
            values.schedule.keep(names, now: now)
            values.failing = values.failing.filter { names.contains($0) }
        }
    }

    /// Sources due now (and not already running), while fewer than `limit`
    /// run; each is marked running and given its next slot (``Schedule``).
    /// Due sources past the limit wait their turn; at most `count` are taken.
    func takeDue(jitter: Duration, limit: Int = .max, count: Int = .max) -> [GovwatchConfiguration.Source] {
        let now = ContinuousClock.now
        var random = SystemRandomNumberGenerator()
        return values.withLock { values in
            let due = values.schedule.takeDue(
                values.monitor.configuration.sources, running: values.running, now: now, jitter: jitter,
                limit: limit, count: count, random: &random)
            values.running.formUnion(due.map(\.name))
            return due
        }
    }

    /// The wall-clock time of a source's next run, persisted for restarts.
    func nextFire(_ source: String, wallNow: Timestamp) -> Timestamp? {
        let now = ContinuousClock.now
        return values.withLock { $0.schedule.nextFire(source, now: now, wallNow: wallNow) }
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

    /// True when the publication calendar is due a check (then at once
    /// marked checked): every `interval`, the first one after start.
    func calendarCheckDue(every interval: Duration) -> Bool {
        let now = ContinuousClock.now
        return values.withLock { values in
            guard !values.stopping, now - values.lastCalendarCheck >= interval else { return false }
            values.lastCalendarCheck = now
            return true
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
