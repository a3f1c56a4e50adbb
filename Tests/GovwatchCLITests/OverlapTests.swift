import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// Several processes on one state: whatever runs a cycle (two `once`, the
/// daemon beside `once`), each event is alerted exactly once, and a store
/// restored from a backup derives the same alert ids, which the spool and
/// the log already hold.
@Suite("Overlapping processes and restored backups", .serialized)
struct OverlapTests {
    static let clean = OnceEndToEndTests.clean
    static let h1Path = OnceEndToEndTests.h1Path

    static func site() throws -> SimulatedSite {
        let site = try SimulatedSite()
        site.publish(
            .init(path: h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: clean))
        return site
    }

    /// The nth publication of the loop: a report page of its own.
    static func publish(_ index: Int, on site: SimulatedSite) {
        var page = clean
        page = ReportPage.addProgress("第\(index)次发布的进展。", toRow: 1, in: page)
        site.publish(
            .init(
                path: "/art/2022/2/\(index)/art_1229429114_\(4_000_000 + index).html",
                title: "2021年度第\(index)号专项工作完成情况", date: "2022-02-0\(index % 9 + 1)", html: page))
    }

    /// Ids in the spool and lines in the log: each id once, and as many as expected.
    static func expectEachAlertOnce(
        _ workspace: Workspace, count: Int, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let spooled = try workspace.spooledAlerts().map { $0["id"] as! String }
        #expect(spooled.count == count, "spool", sourceLocation: sourceLocation)
        #expect(Set(spooled).count == spooled.count, "spool ids unique", sourceLocation: sourceLocation)
        let logged = try workspace.logLines().map { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["id"] as! String
        }
        #expect(logged.count == count, "log", sourceLocation: sourceLocation)
        #expect(Set(logged).count == logged.count, "log ids unique", sourceLocation: sourceLocation)
    }

    @Test func twoOnceAtTheSameTimeAlertEachPublicationOnce() throws {
        let site = try Self.site()
        let workspace = try Workspace(site: site)
        #expect(try workspace.once().status == 0)
        // Slow answers, so that the two processes' cycles overlap.
        site.setDelay(.milliseconds(150))
        for index in 1...10 {
            Self.publish(index, on: site)
            let outcomes = [GovwatchBinary.Locked<GovwatchBinary.Outcome?>(nil), .init(nil)]
            let config = workspace.configURL.path
            DispatchQueue.concurrentPerform(iterations: 2) { slot in
                outcomes[slot].value = try? GovwatchBinary.run(["once", "--all", "--config", config])
            }
            let statuses = outcomes.map { $0.value?.status }
            #expect(statuses == [0, 0], "\(outcomes.map { $0.value?.stderr ?? "" })")
        }
        // The baseline, then one document.published per report.
        try Self.expectEachAlertOnce(workspace, count: 11)
        let kinds = try workspace.spooledAlerts().map { $0["kind"] as! String }
        #expect(kinds.filter { $0 == "document.published" }.count == 10)
    }

    @Test func aRestoredBackupResendsNothing() throws {
        let site = try Self.site()
        let workspace = try Workspace(site: site)
        #expect(try workspace.once().status == 0)
        // The operator's backup: the database and its WAL, no process running.
        let state = workspace.root.appendingPathComponent("state")
        let backup = workspace.root.appendingPathComponent("backup")
        try FileManager.default.createDirectory(at: backup, withIntermediateDirectories: true)
        let files = ["govwatch.sqlite", "govwatch.sqlite-wal", "govwatch.sqlite-shm"]
        for name in files where FileManager.default.fileExists(atPath: state.appendingPathComponent(name).path) {
            try FileManager.default.copyItem(
                at: state.appendingPathComponent(name), to: backup.appendingPathComponent(name))
        }
        // An edit and a new report, delivered after the backup…
        site.edit(Self.h1Path) { $0.html = ReportPage.addProgress("补充进展。", toRow: 5, in: $0.html) }
        Self.publish(1, on: site)
        #expect(try workspace.once().status == 0)
        try Self.expectEachAlertOnce(workspace, count: 3)
        // …then the backup is restored, as the corruption message advises.
        for name in files {
            try? FileManager.default.removeItem(at: state.appendingPathComponent(name))
            let saved = backup.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: saved.path) {
                try FileManager.default.copyItem(at: saved, to: state.appendingPathComponent(name))
            }
        }
        // The same two events are decided again, with the same ids: nothing new reaches people.
        let again = try workspace.once()
        #expect(again.status == 0, "\(again.stderr)")
        try Self.expectEachAlertOnce(workspace, count: 3)
        // And a real edit after the restore is a new event.
        site.edit(Self.h1Path) { $0.html = ReportPage.addProgress("再次补充。", toRow: 6, in: $0.html) }
        #expect(try workspace.once().status == 0)
        try Self.expectEachAlertOnce(workspace, count: 4)
    }

    @Test func aDaemonBesideOnceAlertsEachPublicationOnce() throws {
        let site = try Self.site()
        let workspace = try Workspace(site: site, extraDaemon: "interval = \"1s\"\njitter = \"0s\"")
        #expect(try workspace.once().status == 0)
        let notify = try NotifySocketListener()
        // The workspace's source says 1h; the daemon's loop is driven by once here and by itself.
        try String(contentsOf: workspace.configURL, encoding: .utf8)
            .replacingOccurrences(of: "interval = \"1h\"", with: "interval = \"1s\"")
            .write(to: workspace.configURL, atomically: true, encoding: .utf8)
        let daemon = try DaemonTests.Daemon(workspace: workspace, notify: notify)
        _ = notify.waitFor { $0.contains("READY=1") }
        site.setDelay(.milliseconds(100))
        for index in 1...10 {
            Self.publish(index, on: site)
            let outcome = try workspace.once()
            #expect([0, 75].contains(outcome.status), "\(outcome.stderr)")
        }
        // Whoever ran last, every publication is in: give the daemon a last cycle.
        Thread.sleep(forTimeInterval: 3)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        try Self.expectEachAlertOnce(workspace, count: 11)
    }
}
