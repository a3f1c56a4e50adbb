import Foundation
import GRDB
import GovwatchConfig
import GovwatchCore
import GovwatchDemo
import GovwatchFiles
import GovwatchStore
import GovwatchTestKit
import Logging
import Synchronization
import Testing

@testable import GovwatchDaemon
@testable import GovwatchMonitor

/// The publication calendar judges only when something it reads changed:
/// the day, the stored headings, the configured sources, the binary. The outbox keeps
/// every alert for ever, so a judgment shows only when its alert is gone:
/// each step deletes the `series.overdue` alert, and a run that judged
/// raises it again while a run that skipped leaves the outbox without it.
@Suite("The calendar: judged again only when its inputs change")
struct CalendarJudgmentTests {
    final class Clock: Sendable {
        let time = Mutex(Timestamp(rfc3339: "2021-12-01T02:00:00Z")!)
        var wall: WallClock { WallClock { self.time.withLock { $0 } } }
        func advance(days: Double) { time.withLock { $0 = Timestamp(epochSeconds: $0.epochSeconds + days * 86_400) } }
    }

    static func overdueInOutbox(_ monitor: Monitor) async throws -> Int {
        try await monitor.store.alerts().filter { $0.kind == "series.overdue" }.count
    }

    static func deleteOverdue(_ monitor: Monitor) async throws {
        try await monitor.store.write { db in try db.execute(sql: "DELETE FROM outbox WHERE kind = 'series.overdue'") }
    }

    @Test func aJudgmentIsSkippedUntilTheDayOrTheHeadingsChange() async throws {
        let clock = Clock()
        let loopback = try RuntimeTests.HalfYearSite(clock: clock.wall)
        defer { loopback.remove() }
        let (site, monitor) = (loopback.site, loopback.monitor)
        // 2021-12-01: the half-year report's series expects 前三季度 by 2021-11-29.
        #expect(try await monitor.runOnce(all: true).overdue.count == 1)
        try await Self.deleteOverdue(monitor)

        // Nothing changed: not judged, so the deleted alert stays deleted.
        #expect(try await monitor.runOnce(all: true).overdue.isEmpty)
        #expect(try await Self.overdueInOutbox(monitor) == 0)

        // A new day, nothing else: judged again.
        clock.advance(days: 1)
        #expect(try await monitor.raiseOverdue().map(\.summary).first?.contains("已逾期3天") == true)
        try await Self.deleteOverdue(monitor)
        #expect(try await monitor.raiseOverdue().isEmpty)

        // The same day, a report changed (its snapshot): judged again.
        site.edit(DemoSite.halfYearReport.path) {
            $0.html = ReportPage.addProgress("慈善基地建设运营督导完成第4次。", toRow: 72, in: $0.html)
        }
        let edited = try await monitor.runOnce(all: true)
        #expect(edited.cycles.first?.alerts.map(\.kind) == [.documentChanged])
        #expect(edited.overdue.count == 1)
        try await Self.deleteOverdue(monitor)

        // A snapshot that cannot be read: judged without it, and the
        // judgment not recorded, so the next check judges again.
        let recorded = try await monitor.store.calendarMarks().lastJudgment
        try await monitor.store.write { db in
            try db.execute(sql: "UPDATE document_snapshot SET snapshot = X'28B52FFD00FFFFFFFF'")
        }
        #expect(try await monitor.raiseOverdue().isEmpty)  // the series' only report is unreadable
        #expect(try await monitor.store.calendarMarks().lastJudgment == recorded)
    }

    /// What a judgment is recorded with: each input alone makes another
    /// record; the sources' titles (which no overdue alert's id names) do not.
    @Test func eachInputOfAJudgmentIsInItsRecord() async throws {
        let folder = NSTemporaryDirectory() + "calendar-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configuration = try RuntimeTests.configuration(in: folder, column: "http://127.0.0.1:9/col/col1/index.html")
        let monitor = try Runtime.open(configuration, logger: Logger(label: "test")).monitor
        func inputs(
            _ change: (inout GovwatchConfiguration) -> Void = { _ in }, today: String = "2021-12-01", grace: Int = 60,
            version: Int64 = 7
        ) -> String {
            var changed = configuration
            change(&changed)
            return Monitor(reloading: changed, from: monitor).calendarInputs(
                today: today, grace: grace, headingsVersion: version)
        }
        var second = configuration.sources[0]
        second.name = "zs2"
        let others = [
            inputs(today: "2021-12-02"), inputs(grace: 61), inputs(version: 8),
            inputs { $0.sources[0].name = "zs1" }, inputs { $0.sources.append(second) },
        ]
        #expect(Set(others + [inputs()]).count == others.count + 1)
        #expect(inputs { $0.sources[0].title = "舟山市政府信息公开" } == inputs())
        #expect(inputs().hasSuffix("build=\(RunningBinary.identity)"))
    }
}
