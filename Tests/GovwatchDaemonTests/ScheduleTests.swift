import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchFiles
import GovwatchMonitor
import GovwatchStore
import GovwatchSystemd
import Logging
import Testing

@testable import GovwatchDaemon

/// The schedule runs on monotonic time: wall-clock jumps neither skip runs
/// nor cause a burst of them.
@Suite("Scheduling and the clock")
struct ScheduleTests {
    func monitor(interval: String = "10m", clock: WallClock = .system) throws -> (Monitor, URL) {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "schedule-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configuration = try ConfigurationLoader.parse(
            """
            [daemon]
            state_dir = "state"
            jitter = "0s"
            [[sources]]
            name = "a"
            url = "http://127.0.0.1:9/col/col1/index.html"
            interval = "\(interval)"
            """, file: folder.appendingPathComponent("govwatch.toml").path)
        return (try Runtime.open(configuration, clock: clock, logger: Logger(label: "test")).monitor, folder)
    }

    static func sources(_ names: [String], interval: Duration = .seconds(60)) -> [GovwatchConfiguration.Source] {
        names.map {
            GovwatchConfiguration.Source(name: $0, url: "http://127.0.0.1:9/\($0)/index.html", interval: interval)
        }
    }

    /// A generator that always draws the same fraction, so jitter is exact.
    struct FixedRandom: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { value }
    }

    @Test func aLateLoopRunsOnceNotOncePerMissedSlot() {
        let sources = Self.sources(["a"])
        let start = ContinuousClock.now
        var random = FixedRandom(value: 0)
        var schedule = Schedule()
        schedule.place("a", at: start)
        #expect(schedule.takeDue(sources, running: [], now: start, jitter: .zero, random: &random).count == 1)
        // The loop stalls for 3.5 intervals (a suspended VM, a forward clock jump seen as a stall)…
        let late = start + .seconds(210)
        // …then one run, not four, and the next on the grid after it.
        #expect(schedule.takeDue(sources, running: [], now: late, jitter: .zero, random: &random).count == 1)
        #expect(schedule.takeDue(sources, running: [], now: late, jitter: .zero, random: &random).isEmpty)
        #expect(schedule.slots["a"]?.fire == start + .seconds(240))
    }

    @Test func runsStayOnTheirGridAndDoNotDrift() {
        let sources = Self.sources(["a"])
        let start = ContinuousClock.now
        var random = FixedRandom(value: 0)
        var schedule = Schedule()
        schedule.place("a", at: start)
        _ = schedule.takeDue(sources, running: [], now: start, jitter: .zero, random: &random)
        // A slow cycle ends 40 s later: the next run is one interval after
        // the previous start, not after the end.
        let ended = start + .seconds(40)
        let next = schedule.nextFire("a", now: ended, wallNow: Timestamp(epochSeconds: 1000))
        #expect(next == Timestamp(epochSeconds: 1020))
        #expect(
            schedule.takeDue(sources, running: [], now: start + .seconds(59), jitter: .zero, random: &random).isEmpty)
        #expect(
            schedule.takeDue(sources, running: [], now: start + .seconds(60), jitter: .zero, random: &random).count == 1
        )
    }

    @Test func jitterDelaysTheFireButNotTheGrid() {
        let sources = Self.sources(["a"])
        let start = ContinuousClock.now
        var half = FixedRandom(value: 1 << 52)  // draws 0.5 (the low 53 bits are the fraction)
        var schedule = Schedule()
        schedule.place("a", at: start)
        _ = schedule.takeDue(sources, running: [], now: start, jitter: .seconds(10), random: &half)
        #expect(schedule.slots["a"] == Schedule.Slot(base: start + .seconds(60), fire: start + .seconds(65)))
        _ = schedule.takeDue(sources, running: [], now: start + .seconds(65), jitter: .seconds(10), random: &half)
        #expect(schedule.slots["a"]?.base == start + .seconds(120), "jitter never accumulates")
    }

    @Test func runningSourcesAndTheLimitHoldDueSourcesBack() {
        let sources = Self.sources(["a", "b", "c"])
        let start = ContinuousClock.now
        var random = FixedRandom(value: 0)
        var schedule = Schedule()
        for name in ["a", "b", "c"] { schedule.place(name, at: start) }
        let first = schedule.takeDue(sources, running: ["b"], now: start, jitter: .zero, limit: 2, random: &random)
        #expect(first.map(\.name) == ["a"], "b is running, and a makes two")
        let next = schedule.takeDue(sources, running: [], now: start, jitter: .zero, count: 1, random: &random)
        #expect(next.map(\.name) == ["b"])
        schedule.keep(["c", "d"], now: start)
        #expect(Set(schedule.slots.keys) == ["c", "d"], "removed sources leave; new ones are due now")
    }

    @Test func aStoredNextRunMoreThanOneIntervalAheadIsDueNow() {
        let now = Timestamp(epochSeconds: 1_800_000_000)
        func delay(_ offset: Double?) -> Duration {
            var state = SourceState(name: "a")
            state.nextDueAt = offset.map { Timestamp(epochSeconds: now.epochSeconds + $0) }
            return Schedule.startDelay(state, wallNow: now, interval: .seconds(600))
        }
        #expect(delay(86_400) == .zero, "a clock set back a day: due now, not in a day")
        #expect(delay(30) == .seconds(30))
        #expect(delay(600) == .seconds(600))
        #expect(delay(-7 * 86_400) == .zero)
        #expect(delay(nil) == .zero)
    }

    /// The scheduler of a daemon starting with `source` stored, its sources placed.
    static func placed(_ source: SourceState, monitor: Monitor, at now: Timestamp) async throws -> DaemonState {
        try await monitor.store.commit(CycleCommit(source: source, documents: [], alerts: [], createdAt: now))
        let state = DaemonState(monitor: monitor)
        let service = SchedulerService(
            state: state, notifier: .init(socketPath: nil), logger: Logger(label: "test"), clock: WallClock { now })
        try await service.placeSources()
        return state
    }

    @Test func aClockThatJumpedBackDoesNotPostponeTheNextRun() async throws {
        // The stored next run is far ahead of "now", as after the wall clock jumped back a day.
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let (monitor, folder) = try monitor(interval: "10m", clock: WallClock { now })
        defer { try? FileManager.default.removeItem(at: folder) }
        var source = SourceState(name: "a")
        source.nextDueAt = Timestamp(epochSeconds: now.epochSeconds + 86_400)
        let state = try await Self.placed(source, monitor: monitor, at: now)
        let next = try #require(state.nextFire("a", wallNow: now))
        #expect(next.epochSeconds - now.epochSeconds <= 600.5, "capped at one interval")
    }

    /// A daemon started again keeps each source's stored next run (read
    /// for every source in one query).
    @Test func aRestartedDaemonKeepsTheStoredNextRun() async throws {
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let (monitor, folder) = try monitor(interval: "10m", clock: WallClock { now })
        defer { try? FileManager.default.removeItem(at: folder) }
        var source = SourceState(name: "a")
        source.lastAttemptAt = Timestamp(epochSeconds: now.epochSeconds - 300)
        source.nextDueAt = Timestamp(epochSeconds: now.epochSeconds + 300)
        let state = try await Self.placed(source, monitor: monitor, at: now)
        #expect(state.takeDue(jitter: .zero).isEmpty, "not due before its stored next run")
        let next = try #require(state.nextFire("a", wallNow: now))
        #expect(abs(next.epochSeconds - now.epochSeconds - 300) <= 0.5)
    }

    @Test func aClockThatJumpedForwardRunsAtOnce() async throws {
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let (monitor, folder) = try monitor(interval: "10m", clock: WallClock { now })
        defer { try? FileManager.default.removeItem(at: folder) }
        var source = SourceState(name: "a")
        source.nextDueAt = Timestamp(epochSeconds: now.epochSeconds - 7 * 86_400)
        let state = try await Self.placed(source, monitor: monitor, at: now)
        #expect(state.takeDue(jitter: .zero).map(\.name) == ["a"])
        state.finish("a", result: nil, delivery: .init())
        #expect(state.takeDue(jitter: .zero).isEmpty, "one run, not a week of missed ones")
    }
}
