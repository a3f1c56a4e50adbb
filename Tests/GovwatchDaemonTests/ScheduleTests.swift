import Foundation
import GovwatchConfig
import GovwatchCore
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

    @Test func aLateLoopRunsOnceNotOncePerMissedSlot() throws {
        let (monitor, folder) = try monitor(interval: "1s")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = DaemonState(monitor: monitor)
        state.schedule("a", after: .zero)
        #expect(state.takeDue(jitter: .zero).map(\.name) == ["a"])
        state.finish("a", result: nil, delivery: .init())
        // The loop stalls for 3.5 intervals (a suspended VM, a forward clock jump seen as a stall)…
        Thread.sleep(forTimeInterval: 3.5)
        // …then one run, not four.
        #expect(state.takeDue(jitter: .zero).map(\.name) == ["a"])
        state.finish("a", result: nil, delivery: .init())
        #expect(state.takeDue(jitter: .zero).isEmpty)
    }

    @Test func runsStayOnTheirGridAndDoNotDrift() throws {
        let (monitor, folder) = try monitor(interval: "1s")
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = DaemonState(monitor: monitor)
        state.schedule("a", after: .zero)
        let started = ContinuousClock.now
        _ = state.takeDue(jitter: .zero)
        Thread.sleep(forTimeInterval: 0.4)  // a slow cycle
        state.finish("a", result: nil, delivery: .init())
        // Next run is one interval after the previous start, not after the end.
        let next = try #require(state.nextFire("a", wallNow: Timestamp(epochSeconds: 1000)))
        let elapsed = (ContinuousClock.now - started).seconds
        #expect(abs(next.epochSeconds - (1000 + 1 - elapsed)) < 0.1)
    }

    @Test func aClockThatJumpedBackDoesNotPostponeTheNextRun() async throws {
        // The stored next run is far ahead of "now", as after the wall clock jumped back a day.
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let (monitor, folder) = try monitor(interval: "10m", clock: WallClock { now })
        defer { try? FileManager.default.removeItem(at: folder) }
        var source = SourceState(name: "a")
        source.nextDueAt = Timestamp(epochSeconds: now.epochSeconds + 86_400)
        try await monitor.store.commit(CycleCommit(source: source, documents: [], alerts: [], createdAt: now))
        let state = DaemonState(monitor: monitor)
        let service = SchedulerService(
            state: state, notifier: .init(socketPath: nil), logger: Logger(label: "test"), clock: WallClock { now })
        try await service.placeSources()
        let next = try #require(state.nextFire("a", wallNow: now))
        #expect(next.epochSeconds - now.epochSeconds <= 600.5, "capped at one interval")
    }

    @Test func aClockThatJumpedForwardRunsAtOnce() async throws {
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let (monitor, folder) = try monitor(interval: "10m", clock: WallClock { now })
        defer { try? FileManager.default.removeItem(at: folder) }
        var source = SourceState(name: "a")
        source.nextDueAt = Timestamp(epochSeconds: now.epochSeconds - 7 * 86_400)
        try await monitor.store.commit(CycleCommit(source: source, documents: [], alerts: [], createdAt: now))
        let state = DaemonState(monitor: monitor)
        let service = SchedulerService(
            state: state, notifier: .init(socketPath: nil), logger: Logger(label: "test"), clock: WallClock { now })
        try await service.placeSources()
        #expect(state.takeDue(jitter: .zero).map(\.name) == ["a"])
        state.finish("a", result: nil, delivery: .init())
        #expect(state.takeDue(jitter: .zero).isEmpty, "one run, not a week of missed ones")
    }
}
