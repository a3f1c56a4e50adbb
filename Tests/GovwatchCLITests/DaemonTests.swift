import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `govwatch run` as systemd runs it, with a test socket in place of systemd.
@Suite("govwatch run: systemd protocol, reload, stop", .serialized)
struct DaemonTests {
    static let clean = try! String(
        contentsOf: GovwatchBinary.fixtures.appendingPathComponent("seed/article-2021-h1-clean.html"),
        encoding: .utf8)
    static let h1Path = "/art/2022/1/6/art_1229429114_3680018.html"

    final class Daemon {
        let process = Process()
        let stderr = Pipe()
        var stderrText = ""

        init(workspace: Workspace, notify: NotifySocketListener, environment: [String: String] = [:]) throws {
            process.executableURL = GovwatchBinary.url
            process.arguments = ["run", "--config", workspace.configURL.path]
            var env = ProcessInfo.processInfo.environment
            env["NOTIFY_SOCKET"] = notify.path
            env["WATCHDOG_USEC"] = "1000000"
            env.removeValue(forKey: "WATCHDOG_PID")
            env.merge(environment) { $1 }
            process.environment = env
            process.standardError = stderr
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        /// Waits for exit; returns nil when it did not exit within `timeout`.
        func waitForExit(timeout: Duration = .seconds(10)) -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
            guard !process.isRunning else { return nil }
            stderrText = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return process.terminationStatus
        }

        deinit { if process.isRunning { signal(SIGKILL) } }
    }

    func site() throws -> SimulatedSite {
        let site = try SimulatedSite()
        site.publish(
            .init(path: Self.h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: Self.clean))
        return site
    }

    /// A Retry-After that a `once` received is honoured by a daemon started
    /// after it: it says so, and does not ask the host before the time.
    @Test func retryAfterOutlivesARestart() throws {
        let site = try site()
        let workspace = try Workspace(site: site)
        #expect(try workspace.once().status == 0)
        site.setDown(429, retryAfter: 30)
        #expect(try workspace.once().stdout.contains("HTTP 429"))
        site.setDown(nil)
        // Every second: without the stored Retry-After it would ask at once.
        var config = try String(contentsOf: workspace.configURL, encoding: .utf8)
        config = config.replacingOccurrences(of: "interval = \"1h\"", with: "interval = \"1s\"")
        try config.write(to: workspace.configURL, atomically: true, encoding: .utf8)
        let requests = site.requestCount
        let notify = try NotifySocketListener()
        let daemon = try Daemon(workspace: workspace, notify: notify)
        #expect(notify.waitFor { $0 == "READY=1" } != nil)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(site.requestCount == requests, "the host was asked before its Retry-After")
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        #expect(daemon.stderrText.contains("asked us to wait until"), "\(daemon.stderrText)")
        #expect(daemon.stderrText.contains("(Retry-After)"))
    }

    @Test func readyStatusWatchdogReloadStopping() throws {
        let workspace = try Workspace(site: try site())
        let notify = try NotifySocketListener()
        let daemon = try Daemon(workspace: workspace, notify: notify)
        #expect(notify.waitFor { $0 == "READY=1" } != nil)
        let status = notify.waitFor { $0.hasPrefix("STATUS=") && $0.contains("1 cycle(s)") }
        #expect(status?.text.contains("1 source(s): 1 ok, 0 failing") == true)
        #expect(status?.text.contains("last alert: source.baseline") == true)

        // WATCHDOG=1 at half of WATCHDOG_USEC (1 s).
        Thread.sleep(forTimeInterval: 1.8)
        let pings = notify.messages.filter { $0.text == "WATCHDOG=1" }.map(\.at)
        #expect(pings.count >= 3)
        for (earlier, later) in zip(pings, pings.dropFirst()) {
            #expect(later - earlier > .milliseconds(350) && later - earlier < .milliseconds(900))
        }

        // SIGHUP: RELOADING=1, then READY=1 again.
        let mark = notify.messages.count
        daemon.signal(SIGHUP)
        let reloading = notify.waitFor(after: mark) { $0 == "RELOADING=1" }
        #expect(reloading != nil)
        let ready = notify.waitFor(after: mark) { $0 == "READY=1" }
        #expect(ready != nil && ready!.at >= reloading!.at)

        // SIGTERM: STOPPING=1 and a clean exit well within 10 s.
        let stopMark = notify.messages.count
        let stopAt = ContinuousClock.now
        daemon.signal(SIGTERM)
        #expect(notify.waitFor(after: stopMark) { $0 == "STOPPING=1" } != nil)
        #expect(daemon.waitForExit() == 0)
        #expect(ContinuousClock.now - stopAt < .seconds(10))
        // The binary allocates through jemalloc (Package.swift links it ahead of libc).
        #expect(daemon.stderrText.contains("allocator=jemalloc"))
    }

    @Test func hungLoopStopsWatchdogPings() throws {
        let workspace = try Workspace(site: try site())
        let notify = try NotifySocketListener()
        let daemon = try Daemon(
            workspace: workspace, notify: notify, environment: ["GOVWATCH_TEST_HANG_AFTER_CYCLES": "1"])
        #expect(notify.waitFor { $0.hasPrefix("STATUS=") && $0.contains("1 cycle(s)") } != nil)
        Thread.sleep(forTimeInterval: 1.5)  // the heartbeat goes stale
        let mark = notify.messages.count
        Thread.sleep(forTimeInterval: 2.0)
        #expect(notify.messages.dropFirst(mark).filter { $0.text == "WATCHDOG=1" }.isEmpty)
        daemon.signal(SIGKILL)
        _ = daemon.waitForExit()
        #expect(daemon.stderrText.contains("scheduler loop is not responding"))
    }

    @Test func reloadAddsSourcesAndKeepsOldConfigWhenBroken() throws {
        let site = try site()
        site.publish(
            .init(
                path: "/art/2022/2/1/art_1229429114_1.html", title: "另一篇", date: "2022-02-01", html: Self.clean,
                listed: false))
        let workspace = try Workspace(site: site)
        let notify = try NotifySocketListener()
        let daemon = try Daemon(workspace: workspace, notify: notify)
        #expect(notify.waitFor { $0.hasPrefix("STATUS=") && $0.contains("1 cycle(s)") } != nil)

        var config = try String(contentsOf: workspace.configURL, encoding: .utf8)
        config += """

            [[sources]]
            name = "added"
            url = "\(site.url("/art/2022/2/1/art_1229429114_1.html"))"
            type = "article"
            """
        try config.write(to: workspace.configURL, atomically: true, encoding: .utf8)
        let mark = notify.messages.count
        daemon.signal(SIGHUP)
        #expect(notify.waitFor(after: mark) { $0 == "READY=1" } != nil)
        // The added source is polled: its baseline cycle runs.
        #expect(
            notify.waitFor(after: mark) { $0.hasPrefix("STATUS=2 source(s): 2 ok") && $0.contains("2 cycle(s)") } != nil
        )

        // A bad value, then a file that makes toml++ abort (the preflight
        // child dies, not the daemon): each reload fails, the daemon stays.
        for (broken, reason) in [
            ("[daemon]\ninterval = \"soon\"\n", "daemon.interval"),
            ("[http]\nheaders = [}\n", "the TOML parser aborted"),
        ] {
            try broken.write(to: workspace.configURL, atomically: true, encoding: .utf8)
            let brokenMark = notify.messages.count
            daemon.signal(SIGHUP)
            let failed = notify.waitFor(after: brokenMark) { $0.hasPrefix("STATUS=reload failed") }
            #expect(failed?.text.contains(reason) == true, "\(reason)")
            #expect(notify.waitFor(after: brokenMark) { $0 == "READY=1" } != nil)
            #expect(daemon.process.isRunning)
        }
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        #expect(daemon.stderrText.contains("reload failed; keeping the running configuration"))
    }

    static let canMount = getuid() == 0

    @Test(.enabled(if: canMount, "needs root to mount a tiny tmpfs"), .timeLimit(.minutes(10)))
    func fullSpoolWaitsInTheOutboxThenDeliversOnce() throws {
        let site = try site()
        let workspace = try Workspace(site: site)
        let spool = workspace.root.appendingPathComponent("spool")
        try FileManager.default.createDirectory(at: spool, withIntermediateDirectories: true)
        let mounted = try SystemdUnitTests.shell("mount -t tmpfs -o size=64k tmpfs '\(spool.path)'")
        try #require(mounted.status == 0, "mount failed: \(mounted.output)")
        defer { _ = try? SystemdUnitTests.shell("umount -l '\(spool.path)'") }
        for name in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(
                at: spool.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        // Fill the tmpfs: the first alert cannot be written.
        let filler = spool.appendingPathComponent("filler")
        _ = try SystemdUnitTests.shell("dd if=/dev/zero of='\(filler.path)' bs=4k count=100 2>/dev/null")

        let notify = try NotifySocketListener()
        let daemon = try Daemon(workspace: workspace, notify: notify)
        let waiting = notify.waitFor { $0.hasPrefix("STATUS=") && $0.contains("DELIVERY WAITING") }
        #expect(waiting?.text.contains("full") == true)
        #expect(daemon.process.isRunning)
        #expect(try workspace.spooledAlerts().isEmpty)

        try FileManager.default.removeItem(at: filler)  // space returns
        let deadline = ContinuousClock.now + .seconds(20)
        while try workspace.spooledAlerts().isEmpty && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.2)
        }
        Thread.sleep(forTimeInterval: 6)  // another retry period: nothing is written twice
        let alerts = try workspace.spooledAlerts()
        #expect(alerts.map { $0["kind"] as! String } == ["source.baseline"])
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
        #expect(daemon.stderrText.contains("alert delivery blocked"))
    }

    @Test func configRemovedBeforeSIGHUPKeepsTheOldOne() throws {
        let workspace = try Workspace(site: try site())
        let notify = try NotifySocketListener()
        let daemon = try Daemon(workspace: workspace, notify: notify)
        #expect(notify.waitFor { $0.hasPrefix("STATUS=") && $0.contains("1 cycle(s)") } != nil)
        try FileManager.default.removeItem(at: workspace.configURL)
        let mark = notify.messages.count
        daemon.signal(SIGHUP)
        let failed = notify.waitFor(after: mark) { $0.hasPrefix("STATUS=reload failed") }
        #expect(failed?.text.contains("no such file") == true)
        #expect(notify.waitFor(after: mark) { $0 == "READY=1" } != nil)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(daemon.process.isRunning)
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)
    }

    @Test func sigtermMidCycleThenRestartLosesAndRepeatsNothing() throws {
        let site = try site()
        let workspace = try Workspace(site: site)
        try workspace.once()
        #expect(try workspace.newAlerts().count == 1)  // baseline

        site.edit(Self.h1Path) { $0.html = ReportPage.addProgress("停机前的新进展。", toRow: 7, in: $0.html) }
        site.setDelay(.seconds(2))
        let before = site.requestCount
        let notify = try NotifySocketListener()
        let daemon = try Daemon(workspace: workspace, notify: notify)
        // Wait until the cycle is in flight, then stop.
        let deadline = ContinuousClock.now + .seconds(10)
        while site.requestCount == before && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        daemon.signal(SIGTERM)
        #expect(daemon.waitForExit() == 0)

        site.setDelay(nil)
        try workspace.once()
        try workspace.once()
        let alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as! String } == ["document.changed"])
        #expect(try workspace.spooledAlerts().count == 2)
    }
}

@Suite("govwatch demo")
struct DemoTests {
    @Test func demoEndsWithAlertsInItsSpool() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try GovwatchBinary.run(["demo", "--fast", "--duration", "10s", "--directory", folder.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("spool/new").path)
        #expect(files.count == 3)
        // People read Chinese; the kind stays beside it for programs.
        #expect(outcome.stdout.contains("[提醒] 开始监测（source.baseline）：开始监测："))
        #expect(outcome.stdout.contains("[提醒] 新报告（document.published）："))
        #expect(outcome.stdout.contains("[提醒] 报告更新（document.changed）："))
        #expect(outcome.stdout.contains("[模拟网站] 发布新报告："))
        #expect(outcome.stdout.contains("已正常停止"))
        // A clean stop logs no error, and the demo says what to try next.
        #expect(!outcome.stderr.contains(" error "), "\(outcome.stderr)")
        #expect(outcome.stdout.contains("/govwatch changes -c \(folder.path)/govwatch.toml"), "a runnable path")
        // The same folder again: refused, since a new site's reports would read as new.
        let again = try GovwatchBinary.run(["demo", "--fast", "--duration", "3s", "--directory", folder.path])
        #expect(again.status == 64)
        #expect(again.stderr.contains("already holds a demo's state"))
    }

    @Test func aTemporaryFolderIsRemovedAndAUsageErrorLeavesNone() throws {
        func demoFolders() throws -> Set<String> {
            Set(
                try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter {
                    $0.hasPrefix("govwatch-demo-")
                })
        }
        let before = try demoFolders()
        let usage = try GovwatchBinary.run(["demo", "--duration", "5"])
        #expect(usage.status == 64)
        #expect(try demoFolders() == before)
        let outcome = try GovwatchBinary.run(["demo", "--fast", "--duration", "2s"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("govwatch 演示：已删除 "))
        #expect(try demoFolders() == before)
    }
}

/// SIGKILL at random moments while the site keeps changing: afterwards the
/// spool and the log hold every detected change exactly once.
@Suite("crash consistency")
struct CrashConsistencyTests {
    @Test(.timeLimit(.minutes(10)))
    func fiftyKillsLoseAndRepeatNothing() throws {
        let site = try SimulatedSite()
        let path = DaemonTests.h1Path
        site.publish(
            .init(path: path, title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: DaemonTests.clean))
        let workspace = try Workspace(site: site)
        var config = try String(contentsOf: workspace.configURL, encoding: .utf8)
        config = config.replacingOccurrences(of: "interval = \"1h\"", with: "interval = \"1s\"")
        try config.write(to: workspace.configURL, atomically: true, encoding: .utf8)

        // The site changes every 150 ms, each version new.
        let editing = Editing()
        let editor = Thread {
            var version = 0
            while !editing.stopped {
                version += 1
                let html = ReportPage.addProgress("第\(version)版新增进展。", toRow: version % 150 + 1, in: DaemonTests.clean)
                site.edit(path) { $0.html = html }
                Thread.sleep(forTimeInterval: 0.15)
            }
        }
        editor.start()
        // The kill times come from a seed, printed so a failure can be run
        // again with the same kills: GOVWATCH_CRASH_SEED=<seed> swift test …
        let seed =
            ProcessInfo.processInfo.environment["GOVWATCH_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0 ... .max)
        print("crash consistency: GOVWATCH_CRASH_SEED=\(seed)")
        var generator = SplitMix64(seed: seed)
        for _ in 1...50 {
            let process = Process()
            process.executableURL = GovwatchBinary.url
            process.arguments = ["run", "--config", workspace.configURL.path, "--log-level", "error"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.1...2.0, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        editing.stop()
        Thread.sleep(forTimeInterval: 0.3)
        // Settle: deliver what is committed, and catch up with the final version.
        try workspace.once()
        try workspace.once()
        #expect(try workspace.once().status == 0)

        let alerts = try workspace.spooledAlerts()
        let ids = alerts.map { $0["id"] as! String }
        #expect(Set(ids).count == ids.count, "an alert was spooled twice (GOVWATCH_CRASH_SEED=\(seed))")
        let logged = try workspace.logLines().map { line -> String in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["id"] as? String ?? "TORN LINE: \(line.prefix(80))"
        }
        #expect(logged.sorted() == ids.sorted(), "log and spool disagree")

        // The changes chain from the baseline to the final version: a lost
        // alert would leave two starts, a repeated one a fork.
        let changes = alerts.filter { $0["kind"] as? String == "document.changed" }
        // Kills often land before a cycle commits (more so on a loaded machine);
        // a chain needs a few links to show a gap or a fork.
        #expect(changes.count >= 3, "too few cycles ran between kills to test anything")
        let edges = changes.map { ($0["previousContentHash"] as! String, $0["contentHash"] as! String) }
        let targets = Set(edges.map(\.1))
        let sources = Set(edges.map(\.0))
        #expect(Set(edges.map { "\($0.0)>\($0.1)" }).count == edges.count, "the same change alerted twice")
        #expect(sources.count == edges.count, "two alerts start from the same version (a fork)")
        #expect(edges.filter { !targets.contains($0.0) }.count == 1, "the chain has a gap: an alert was lost")
        #expect(edges.filter { !sources.contains($0.1) }.count == 1, "the chain has more than one end")
    }

    final class Editing: @unchecked Sendable {
        private let lock = NSLock()
        private var flag = false
        var stopped: Bool {
            lock.lock()
            defer { lock.unlock() }
            return flag
        }
        func stop() {
            lock.lock()
            flag = true
            lock.unlock()
        }
    }
}
