import GovwatchConfig
import GovwatchCore

/// When each source runs next: a value, given the time and a random source
/// by its caller, so every rule is tested in process without sleeping
/// (`GovwatchDaemonTests/ScheduleTests`). ``DaemonState`` holds one.
///
/// Times are monotonic instants: a wall-clock jump moves no run. Each
/// source's `base` advances by whole intervals from where it started, so
/// runs do not drift with the time cycles take; `fire` adds the slot's jitter.
struct Schedule: Sendable {
    typealias Instant = ContinuousClock.Instant

    struct Slot: Sendable, Equatable {
        var base: Instant
        var fire: Instant
    }

    private(set) var slots: [String: Slot] = [:]

    /// Places a source so that it is due at `time`.
    mutating func place(_ source: String, at time: Instant) {
        slots[source] = Slot(base: time, fire: time)
    }

    /// Keeps the slots of `names`, drops the others, and makes new names due at `now`.
    mutating func keep(_ names: Set<String>, now: Instant) {
        slots = slots.filter { names.contains($0.key) }
        for name in names where slots[name] == nil { place(name, at: now) }
    }

    /// Sources of `sources` (in their order) due at `now` and not `running`,
    /// while fewer than `limit` run in all and at most `count` are taken.
    /// Each taken source gets its next slot: the first whole interval after
    /// `now` from its base (a late start skips missed slots instead of
    /// bursting), plus up to `jitter` drawn from `random`.
    mutating func takeDue(
        _ sources: [GovwatchConfiguration.Source], running: Set<String>, now: Instant, jitter: Duration,
        limit: Int = .max, count: Int = .max, random: inout some RandomNumberGenerator
    ) -> [GovwatchConfiguration.Source] {
        var due: [GovwatchConfiguration.Source] = []
        for source in sources {
            guard running.count + due.count < limit, due.count < count else { break }
            guard let slot = slots[source.name], slot.fire <= now, !running.contains(source.name) else { continue }
            var base = slot.base + source.interval
            if base <= now {
                let missed = Int(((now - base) / source.interval).rounded(.down)) + 1
                base += source.interval * missed
            }
            let offset = jitter > .zero ? jitter * Double.random(in: 0..<1, using: &random) : .zero
            slots[source.name] = Slot(base: base, fire: base + offset)
            due.append(source)
        }
        return due
    }

    /// The wall-clock time of a source's next run (persisted for restarts):
    /// `wallNow` plus the monotonic time left until it fires.
    func nextFire(_ source: String, now: Instant, wallNow: Timestamp) -> Timestamp? {
        slots[source].map { wallNow + ($0.fire - now) }
    }

    /// How long after start a source waits: until its persisted next run
    /// (``SourceState/nextRun(at:interval:)``: never more than one interval,
    /// so a clock that jumped back does not postpone it), not at all when
    /// that is past.
    static func startDelay(_ state: SourceState, wallNow: Timestamp, interval: Duration) -> Duration {
        max(state.nextRun(at: wallNow, interval: interval) - wallNow, .zero)
    }
}
