import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDemo
import GovwatchFiles
import GovwatchMonitor
import GovwatchSpool
import GovwatchStore
import GovwatchTestKit
import Logging
import Testing

@testable import GovwatchDaemon

/// The composition every command uses, in process: a configuration opens a
/// runtime, and its monitor runs cycles against a loopback site.
@Suite("Runtime: the parts a configuration names, opened in process")
struct RuntimeTests {
    static func configuration(in folder: String, column: String) throws -> GovwatchConfiguration {
        try ConfigurationLoader.parse(
            """
            [daemon]
            state_dir = "state"
            [http]
            per_host_delay = "0s"
            [[sources]]
            name = "zs"
            url = "\(column)"
            recheck_interval = "0s"
            recheck_window = "36500d"
            """, file: folder + "/govwatch.toml", urlCheck: Runtime.urlCheck)
    }

    /// A runtime whose one source is a loopback site publishing the
    /// half-year report, its state in a temporary folder that `remove()`
    /// deletes.
    struct HalfYearSite {
        let folder = NSTemporaryDirectory() + "runtime-\(UUID().uuidString)"
        let site: SimulatedSite
        let runtime: Runtime
        var monitor: Monitor { runtime.monitor }

        init(clock: WallClock = .system) throws {
            site = try SimulatedSite()
            site.publish(DemoSite.halfYearReport)
            let configuration = try RuntimeTests.configuration(in: folder, column: site.columnURL)
            do {
                runtime = try Runtime.open(configuration, clock: clock, logger: Logger(label: "test"))
            } catch {
                // Opening may have made the folder: the caller's `remove()` is not set yet.
                try? FileManager.default.removeItem(atPath: folder)
                throw error
            }
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// The calendar after a cycle: a series whose next report is late
    /// raises one `series.overdue` (not again on the next run), and none
    /// once the report is in.
    @Test func anOverdueSeriesAlertsOnceThroughTheMonitor() async throws {
        // 2021-12-01: the half-year report's series expects 前三季度 by 2021-11-29.
        let loopback = try HalfYearSite(clock: .fixed(Timestamp(rfc3339: "2021-12-01T02:00:00Z")!))
        defer { loopback.remove() }
        let (site, runtime) = (loopback.site, loopback.runtime)
        let first = try await runtime.monitor.runOnce(all: true)
        #expect(first.overdue.count == 1)
        let alert = try #require(first.overdue.first)
        #expect(alert.kind == .seriesOverdue && alert.source == "zs")
        #expect(alert.summary.hasPrefix("逾期未发布：2021年度市政府工作报告重点工作任务完成情况的前三季度报告应于2021-11-29前发布，已逾期2天"))
        #expect(first.delivery.delivered.contains(alert.id))
        let second = try await runtime.monitor.runOnce(all: true)
        #expect(second.overdue.isEmpty)  // once per series and period
        // The 1-11月 report is in: the series is due its full-year report next.
        site.publish(DemoSite.novemberReport)
        let third = try await runtime.monitor.runOnce(all: true)
        #expect(third.overdue.isEmpty)
        #expect(try await runtime.monitor.store.alerts().filter { $0.kind == "series.overdue" }.count == 1)
    }

    @Test func aBaselineThenAnEditedTaskThroughTheMonitor() async throws {
        let loopback = try HalfYearSite()
        defer { loopback.remove() }
        let (site, runtime) = (loopback.site, loopback.runtime)

        let first = try await runtime.monitor.runOnce(all: true)
        #expect(first.cycles.map(\.summary) == ["listing 1 item, fetched 1, 1 alert"])
        #expect(first.delivery.delivered.count == 1 && first.delivery.blocked == nil)

        site.edit(DemoSite.halfYearReport.path) {
            $0.html = ReportPage.addProgress("慈善基地建设运营督导完成第4次。", toRow: 72, in: $0.html)
        }
        let second = try await runtime.monitor.runOnce(all: true)
        #expect(second.cycles.first?.alerts.map(\.kind) == [.documentChanged])
        #expect(second.cycles.first?.alerts.first?.changes.map(\.number) == ["72"])
        // Held files are ordered by their second, then by id: two runs within
        // one second come back in either order.
        let spooled = try runtime.spool.heldFiles().map(\.id)
        #expect(spooled.sorted() == (first.delivery.delivered + second.delivery.delivered).sorted())
        #expect(spooled.count == 2)
    }

    @Test func readingCommandsNeedAStoreThatExists() throws {
        let folder = NSTemporaryDirectory() + "runtime-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configuration = try Self.configuration(in: folder, column: "http://127.0.0.1:9/col/col1/index.html")
        #expect(throws: RuntimeError.self) { try Runtime.openExisting(configuration, logger: Logger(label: "test")) }
        do { _ = try Runtime.openExisting(configuration, logger: Logger(label: "test")) } catch {
            #expect(error.code == .noStore)
        }
        #expect(!FileManager.default.fileExists(atPath: configuration.databasePath))
    }
}
