import Foundation
import GRDB
import GovwatchConfig
import GovwatchCore
import GovwatchDemo
import GovwatchMonitor
import GovwatchStore
import GovwatchTestKit
import Logging
import Synchronization
import Testing

@testable import GovwatchDaemon

/// The publication calendar judges only when something it reads changed:
/// the day, the stored headings, the configured sources. The outbox keeps
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

    @Test func aJudgmentIsSkippedUntilTheDayTheHeadingsOrTheSourcesChange() async throws {
        let folder = NSTemporaryDirectory() + "calendar-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let site = try SimulatedSite()
        site.publish(DemoSite.halfYearReport)
        let configuration = try RuntimeTests.configuration(in: folder, column: site.columnURL)
        let clock = Clock()
        let runtime = try Runtime.open(configuration, clock: clock.wall, logger: Logger(label: "test"))
        let monitor = runtime.monitor
        // 2021-12-01: the half-year report's series expects 前三季度 by 2021-11-29.
        #expect(try await monitor.runOnce(all: true).overdue.count == 1)
        try await Self.deleteOverdue(monitor)

        // Nothing changed: not judged, so the deleted alert stays deleted.
        #expect(try await monitor.runOnce(all: true).overdue.isEmpty)
        #expect(try await Self.overdueInOutbox(monitor) == 0)

        // A new day: judged again.
        clock.advance(days: 1)
        #expect(try await monitor.runOnce(all: true).overdue.map(\.summary).first?.contains("已逾期3天") == true)
        try await Self.deleteOverdue(monitor)
        #expect(try await monitor.runOnce(all: true).overdue.isEmpty)

        // The same day, a report changed (its snapshot): judged again.
        site.edit(DemoSite.halfYearReport.path) {
            $0.html = ReportPage.addProgress("慈善基地建设运营督导完成第4次。", toRow: 72, in: $0.html)
        }
        let edited = try await monitor.runOnce(all: true)
        #expect(edited.cycles.first?.alerts.map(\.kind) == [.documentChanged])
        #expect(edited.overdue.count == 1)
        try await Self.deleteOverdue(monitor)

        // A reload that names the source: judged again (the alerts carry its title).
        var titled = configuration
        titled.sources[0].title = "舟山市政府信息公开"
        let reloaded = Monitor(reloading: titled, from: monitor)
        #expect(try await reloaded.raiseOverdue().count == 1)
        #expect(try await reloaded.raiseOverdue().isEmpty)
        #expect(try await Self.overdueInOutbox(monitor) == 1)
    }
}
