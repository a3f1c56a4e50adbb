import Foundation
import GovwatchDemo
import GovwatchFiles
import GovwatchTestKit
import Testing

/// `govwatch once` against a simulated JCMS site that changes between cycles.
@Suite("govwatch once: detection and exactly-once alerts", .serialized)
struct OnceEndToEndTests {
    static let clean = try! String(
        contentsOf: GovwatchBinary.fixtures.appendingPathComponent("seed/article-2021-h1-clean.html"),
        encoding: .utf8)
    static let h1Path = "/art/2022/1/6/art_1229429114_3680018.html"
    static let novPath = "/art/2022/1/6/art_1229429114_3680044.html"

    func kinds(_ alerts: [[String: Any]]) -> [String] { alerts.map { $0["kind"] as! String } }

    func changes(_ alert: [String: Any]) -> [[String: Any]] { alert["changes"] as? [[String: Any]] ?? [] }

    @Test func reportLifecycle() throws {
        let site = try SimulatedSite()
        site.publish(
            .init(path: Self.h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: Self.clean))
        let workspace = try Workspace(site: site)

        // First cycle: the baseline, and only that.
        var run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        var alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["source.baseline"])
        #expect(alerts.first?["entryCount"] as? Int == 157)

        // Nothing changed: nothing.
        try workspace.once()
        #expect(try workspace.newAlerts().isEmpty)

        // A new report of the series: exactly one document.published, with what progressed.
        let later = ReportPage.laterReport(
            from: Self.clean, title: "2021年度市政府工作报告重点工作任务1-11月完成情况",
            indexNumber: "001008009005001/2022-000001", advancing: [1, 2, 3])
        site.publish(.init(path: Self.novPath, title: "2021年度市政府工作报告重点工作任务1-11月完成情况", date: "2022-01-06", html: later))
        run = try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["document.published"])
        let published = try #require(alerts.first)
        #expect(published["url"] as? String == site.url(Self.novPath))
        #expect(published["entryCount"] as? Int == 157)
        #expect((published["previous"] as? [String: Any])?["url"] as? String == site.url(Self.h1Path))
        let advanced = changes(published).filter { !($0["progressAdded"] as! [String]).isEmpty }
        #expect(advanced.map { $0["number"] as? String } == ["1", "2", "3"])
        #expect((advanced.first?["progressAdded"] as? [String]) == ["新进展：第1项已于11月完成。"])

        // Five rows' progress edited: one document.changed naming exactly those five.
        var edited = Self.clean
        for row in [5, 40, 72, 100, 157] { edited = ReportPage.addProgress("补充进展\(row)。", toRow: row, in: edited) }
        site.edit(Self.h1Path) { $0.html = edited }
        try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["document.changed"])
        let changed = try #require(alerts.first)
        #expect(changes(changed).map { $0["number"] as? String } == ["5", "40", "72", "100", "157"])
        #expect(changes(changed).allSatisfy { $0["change"] as? String == "modified" })
        #expect(
            changes(changed).map { $0["progressAdded"] as? [String] } == [5, 40, 72, 100, 157].map { ["补充进展\($0)。"] })
        #expect(changes(changed).allSatisfy { ($0["progressRemoved"] as? [String])?.isEmpty == true })
        // The reviewer site followed each delivery: both reports, the edit in its month's change log.
        let siteDir = workspace.root.appendingPathComponent("state/site").path
        let index = try String(contentsOfFile: siteDir + "/index.html", encoding: .utf8)
        #expect(index.contains("2021年度市政府工作报告重点工作任务1-11月完成情况</a>"))
        #expect(index.contains("报告更新") && index.contains("5项修改"))
        let months = try FileManager.default.contentsOfDirectory(atPath: siteDir + "/changes")
        let month = try String(contentsOfFile: siteDir + "/changes/" + #require(months.sorted().last), encoding: .utf8)
        #expect(month.contains("<ins>补充进展72。</ins>"))

        // Punctuation width, whitespace and Word spans only: nothing.
        var noisy = edited
        for row in [1, 2, 3, 72] { noisy = ReportPage.addNoise(toRow: row, in: noisy) }
        site.edit(Self.h1Path) { $0.html = noisy }
        try workspace.once()
        #expect(try workspace.newAlerts().isEmpty)

        // A row removed: a removed entry.
        site.edit(Self.h1Path) { $0.html = ReportPage.removeRow(100, in: noisy) }
        try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["document.changed"])
        #expect(changes(alerts[0]).map { $0["change"] as? String } == ["removed"])
        #expect(changes(alerts[0]).first?["number"] as? String == "100")

        // The table vanished: document.unparsed, and no mass removal.
        site.edit(Self.h1Path) { $0.html = ReportPage.removeTable(in: $0.html) }
        try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["document.unparsed"])
        #expect((alerts.first?["reason"] as? String)?.contains("no report table") == true)
        try workspace.once()  // still broken: no second alert
        #expect(try workspace.newAlerts().isEmpty)

        // An article gone from its listing that answers 404: document.removed.
        site.edit(Self.novPath) {
            $0.listed = false
            $0.status = 404
        }
        try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["document.removed"])
        #expect(alerts.first?["url"] as? String == site.url(Self.novPath))

        // The site down for three cycles: source.failing once, then source.recovered.
        site.setDown(503)
        for _ in 1...2 {
            // A failing source is 75 for scripts and cron, and its line says why.
            let failing = try workspace.once()
            #expect(failing.status == 75)
            #expect(failing.stdout.contains("report-execution: failed ("), "\(failing.stdout)")
            #expect(failing.stderr.contains("govwatch: 1 source(s) failed: report-execution"), "\(failing.stderr)")
            #expect(try workspace.newAlerts().isEmpty)
        }
        try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["source.failing"])
        try workspace.once()
        #expect(try workspace.newAlerts().isEmpty)
        site.setDown(nil)
        try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["source.recovered"])

        // Every alert is in the log exactly once, in the spool exactly once.
        let ids = try workspace.spooledAlerts().map { $0["id"] as! String }
        #expect(Set(ids).count == ids.count)
        let logged = try workspace.logLines().compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(logged.sorted() == ids.sorted())
    }

    @Test(arguments: ["after-commit", "after-spool"])
    func crashBetweenCommitAndDeliveryLosesAndRepeatsNothing(_ point: String) throws {
        let site = try SimulatedSite()
        site.publish(
            .init(path: Self.h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: Self.clean))
        let workspace = try Workspace(site: site)
        try workspace.once()
        _ = try workspace.newAlerts()

        site.edit(Self.h1Path) { $0.html = ReportPage.addProgress("崩溃前的进展。", toRow: 9, in: $0.html) }
        let crashed = try workspace.once(environment: ["GOVWATCH_TEST_CRASH": point])
        #expect(crashed.status == 99)
        let afterCrash = try workspace.spooledAlerts().count
        #expect(afterCrash == (point == "after-spool" ? 2 : 1))

        // Restarted: the committed alert is delivered, exactly once.
        try workspace.once()
        try workspace.once()
        let alerts = try workspace.newAlerts()
        #expect(kinds(alerts) == ["document.changed"])
        #expect(try workspace.spooledAlerts().count == 2)
        #expect(try workspace.logLines().count == 2)
    }

    /// A cold cycle commits its pages in batches (`max_held_pages`: 10 here); killed
    /// after the first batch, the restart treats those 10 as known and the
    /// other 15 as new, and each report is alerted exactly once.
    @Test func aColdCycleKilledBetweenBatchesAlertsEachReportOnce() throws {
        let site = try SimulatedSite()
        let paths = (1...25).map { "/art/2024/1/\($0)/art_1229429114_\(5000 + $0).html" }
        for (index, path) in paths.enumerated() {
            site.publish(.init(path: path, title: "第\(index + 1)号报告", date: "2024-01-01", html: Self.clean))
        }
        // Two listing pages: the column page's 15 records and the dataproxy's 10.
        let workspace = try Workspace(
            site: site, extraSource: "pages = 2", baseline: "alert",
            extraDaemon: "max_held_pages = 10\nmetrics_file = \"metrics.prom\"")
        let crashed = try workspace.once(environment: ["GOVWATCH_TEST_CRASH": "after-batch-commit"])
        #expect(crashed.status == 99)
        #expect(try workspace.spooledAlerts().isEmpty)
        let requestsBefore = site.requestCount

        let resumed = try workspace.once()
        #expect(resumed.status == 0, "\(resumed.stderr)")
        // The listing (two pages), the 15 pages not stored before the kill, and the 10 stored
        // ones rechecked (this workspace rechecks every run): those raise nothing.
        #expect(site.requestCount - requestsBefore == 27)
        let alerts = try workspace.spooledAlerts()
        #expect(alerts.count == 25)
        #expect(alerts.allSatisfy { $0["kind"] as? String == "document.published" })
        #expect(Set(alerts.compactMap { $0["url"] as? String }) == Set(paths.map(site.url)))
        #expect(try workspace.logLines().count == 25)
        #expect(resumed.stdout.contains("fetched 25, 15 alerts"), "\(resumed.stdout)")
        // Every batch's alerts are counted, not only the last batch's 5.
        let metrics = try String(contentsOf: workspace.root.appendingPathComponent("metrics.prom"), encoding: .utf8)
        #expect(
            metrics.contains(#"govwatch_alerts_total{kind="document.published",source="report-execution"} 15"#)
                || metrics.contains(#"govwatch_alerts_total{source="report-execution",kind="document.published"} 15"#),
            "\(metrics)")

        try workspace.once()
        #expect(try workspace.spooledAlerts().count == 25)
    }

    @Test func silentBaselineOfAnArticleSourceThenChange() throws {
        let site = try SimulatedSite()
        site.publish(.init(path: Self.h1Path, title: "半年度", date: "2022-01-06", html: Self.clean))
        let workspace = try Workspace(
            site: site,
            extraSource: """

                [[sources]]
                name = "one-article"
                url = "\(site.url(Self.h1Path))"
                type = "article"
                recheck_interval = "0s"
                recheck_window = "36500d"
                baseline = "alert"
                """)
        try workspace.once()
        let first = try workspace.newAlerts()
        #expect(Set(kinds(first)) == ["source.baseline", "document.published"])
        site.edit(Self.h1Path) { $0.html = ReportPage.addProgress("新的一条。", toRow: 2, in: $0.html) }
        try workspace.once()
        let second = try workspace.newAlerts()
        // Both sources watch the page, and it is one document: the article
        // source, which names it, owns it and reports the change, once.
        #expect(kinds(second) == ["document.changed"])
        #expect(second.map { $0["source"] as! String } == ["one-article"])
    }
}

@Suite("govwatch config check")
struct ConfigCheckTests {
    func check(_ text: String) throws -> GovwatchBinary.Outcome {
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "govwatch-config-\(UUID().uuidString).toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try GovwatchBinary.run(["config", "check", file.path])
    }

    @Test func exampleConfigIsValid() throws {
        let example = GovwatchBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Config/govwatch.example.toml")
        let outcome = try GovwatchBinary.run(["config", "check", example.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("1 source(s)"))
    }

    @Test func syntaxErrorNamesTheLine() throws {
        let outcome = try check("[daemon]\ninterval = \"15m\"\nconcurrency = = 3\n")
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains(".toml:3:"))
        #expect(outcome.stderr.contains("TOML syntax"))
    }

    @Test func badDurationNamesKeyAndLine() throws {
        let outcome = try check("[daemon]\nstate_dir = \"/tmp/x\"\ninterval = \"fortnight\"\n")
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains(".toml:3: daemon.interval: \"fortnight\" is not a duration"))
    }

    @Test func unknownKeyIsAnError() throws {
        let outcome = try check("[http]\nuser_agnet = \"x\"\n")
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains(".toml:2: http.user_agnet: unknown key"))
    }

    @Test func sourceErrorsNameTheSource() throws {
        let text = """
            [[sources]]
            name = "a"
            url = "https://xxgk.zhoushan.gov.cn/col/col1/index.html"

            [[sources]]
            name = "b"
            url = "ftp://example.org/x"
            """
        let outcome = try check(text)
        #expect(outcome.status == 78)
        #expect(
            outcome.stderr.contains(".toml:7: sources[1].url: \"ftp://example.org/x\" is not an absolute http(s) URL"))
        let duplicate = try check(
            "[[sources]]\nname = \"a\"\nurl = \"http://h/x\"\n[[sources]]\nname = \"a\"\nurl = \"http://h/y\"\n")
        #expect(duplicate.status == 78)
        #expect(duplicate.stderr.contains("used by two sources"))
    }

    /// Found by the config fuzzer: toml++ asserted (SIGABRT) on a control
    /// character in a table header, so a stray byte killed the daemon on SIGHUP.
    @Test func controlCharacterIsAnErrorNotACrash() throws {
        let outcome = try check("# govwatch\n[\u{03}]\nstate_dir = \"/tmp/x\"\n")
        #expect(outcome.status == 78, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(".toml:2: control character U+0003 is not allowed in TOML"))
        for header in ["[!]", "[[ ä]]", "[@", "[\u{07EB}\u{FFFD}Cz"] {
            let bad = try check("[daemon]\n\(header)\n")
            #expect(bad.status == 78, "\(header): \(bad.stderr)")
            #expect(
                bad.stderr.contains(".toml:2: TOML syntax: a table header needs a name"), "\(header): \(bad.stderr)")
        }
    }

    /// Also from the fuzzer: toml++ asserts on `[}` in a value, which no
    /// pre-check can list exhaustively, so the file is parsed in a child
    /// process first. The child aborts; govwatch reports and exits 78.
    @Test func parserAbortIsContainedInTheChild() throws {
        let outcome = try check("[http]\nheaders = [}\n")
        #expect(outcome.status == 78, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(".toml: the TOML parser aborted on this file"), "\(outcome.stderr)")
    }

    @Test func takesDashCWarnsAndSaysWhereItWrites() throws {
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "govwatch-config-\(UUID().uuidString).toml")
        try "[daemon]\nstate_dir = \"/etc/passwd/state\"\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try GovwatchBinary.run(["config", "check", "-c", file.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("  state:     /etc/passwd/state (store /etc/passwd/state/govwatch.sqlite"))
        #expect(outcome.stdout.contains("  alert log: /etc/passwd/state/alerts.jsonl"))
        #expect(outcome.stderr.contains("govwatch: warning: no [[sources]]: nothing will be watched"))
        #expect(outcome.stderr.contains("govwatch: warning: http.user_agent still names a placeholder contact"))
        #expect(outcome.stderr.contains("govwatch: warning: state_dir: /etc/passwd is not a folder"))
        // The default path, like every other command's.
        let missing = try GovwatchBinary.run(["config", "check"])
        #expect(missing.status == 78)
        #expect(missing.stderr.contains("/etc/govwatch/govwatch.toml: no such file"))
    }

    /// An alert log in a folder that does not exist yet: created, as state
    /// and spool are; one that cannot be created exits 74 naming it.
    @Test func theAlertLogFolderIsCreatedOrNamed() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "govwatch-log-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let file = root.appendingPathComponent("govwatch.toml")
        try "[daemon]\nstate_dir = \"state\"\nalert_log = \"logs/deep/alerts.jsonl\"\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let made = try GovwatchBinary.run(["once", "-c", file.path])
        #expect(made.status == 0, "\(made.stderr)")
        var isFolder: ObjCBool = false
        #expect(
            FileManager.default.fileExists(atPath: root.path + "/logs/deep", isDirectory: &isFolder)
                && isFolder.boolValue)
        try "x".write(to: root.appendingPathComponent("blocker"), atomically: true, encoding: .utf8)
        try "[daemon]\nstate_dir = \"state\"\nalert_log = \"blocker/alerts.jsonl\"\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let blocked = try GovwatchBinary.run(["once", "-c", file.path])
        #expect(blocked.status == 74)
        #expect(
            blocked.stderr.contains("cannot create the alert log's folder: mkdir \(root.path)/blocker: Not a directory")
        )
        // The state folder too, in errno's words (not NSCocoaErrorDomain numbers).
        try "[daemon]\nstate_dir = \"blocker/state\"\n".write(to: file, atomically: true, encoding: .utf8)
        let state = try GovwatchBinary.run(["once", "-c", file.path])
        #expect(state.status == 74)
        #expect(
            state.stderr.contains("cannot create state directory: mkdir \(root.path)/blocker/state: Not a directory"))
    }

    @Test func missingFile() throws {
        let outcome = try GovwatchBinary.run(["config", "check", "/nonexistent/govwatch.toml"])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("/nonexistent/govwatch.toml: no such file"))
    }

    @Test func onceWithABadConfigExits78() throws {
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "govwatch-bad-\(UUID().uuidString).toml")
        try "[daemon]\nconcurrency = 0\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try GovwatchBinary.run(["once", "--config", file.path])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("daemon.concurrency: 0 is out of range"))
    }
}

/// Regressions from review: listing validators, 304 listings, re-posted and re-edited reports.
@Suite("govwatch once: edge cases", .serialized)
struct OnceEdgeCaseTests {
    static let clean = OnceEndToEndTests.clean
    static let h1Path = OnceEndToEndTests.h1Path
    static let newPath = "/art/2022/3/1/art_1229429114_4000001.html"

    func kinds(_ alerts: [[String: Any]]) -> [String] { alerts.map { $0["kind"] as! String } }

    func workspace() throws -> (Workspace, SimulatedSite) {
        let site = try SimulatedSite()
        site.publish(
            .init(path: Self.h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: Self.clean))
        let workspace = try Workspace(site: site)
        try workspace.once()
        _ = try workspace.newAlerts()
        return (workspace, site)
    }

    @Test func newArticleThatFailedOnceIsRetriedDespiteAnUnchangedListing() throws {
        let (workspace, site) = try workspace()
        site.publish(.init(path: Self.newPath, title: "新报告", date: "2022-03-01", html: Self.clean, status: 500))
        try workspace.once()
        #expect(try workspace.newAlerts().isEmpty)
        site.edit(Self.newPath) { $0.status = nil }  // the listing itself does not change
        try workspace.once()
        #expect(kinds(try workspace.newAlerts()) == ["document.published"])
    }

    @Test func transient404OfAListedArticleIsNotARemoval() throws {
        let (workspace, site) = try workspace()
        site.edit(Self.h1Path) { $0.status = 404 }  // still listed; the listing answers 304
        try workspace.once()
        #expect(try workspace.newAlerts().isEmpty)
        site.edit(Self.h1Path) { $0.status = nil }
        try workspace.once()
        #expect(try workspace.newAlerts().isEmpty)
    }

    @Test func removedThenRepostedIsPublishedAgain() throws {
        let (workspace, site) = try workspace()
        site.edit(Self.h1Path) {
            $0.listed = false
            $0.status = 410
        }
        try workspace.once()
        #expect(kinds(try workspace.newAlerts()) == ["document.removed"])
        site.edit(Self.h1Path) {
            $0.listed = true
            $0.status = nil
        }
        try workspace.once()
        #expect(kinds(try workspace.newAlerts()) == ["document.published"])
    }

    @Test func editUndoneAndMadeAgainAlertsEachTime() throws {
        let (workspace, site) = try workspace()
        let edited = ReportPage.addProgress("反复修改的进展。", toRow: 3, in: Self.clean)
        for html in [edited, Self.clean, edited] {
            site.edit(Self.h1Path) { $0.html = html }
            try workspace.once()
            #expect(kinds(try workspace.newAlerts()) == ["document.changed"])
        }
    }
}

/// Faults around the store: a clear error naming the file, and no damage.
@Suite("store faults", .serialized)
struct StoreFaultTests {
    func workspace() throws -> Workspace {
        let site = try SimulatedSite()
        site.publish(
            .init(path: OnceEndToEndTests.h1Path, title: "半年度", date: "2022-01-06", html: OnceEndToEndTests.clean))
        return try Workspace(site: site)
    }

    @Test func corruptDatabaseIsRefusedAndLeftUntouched() throws {
        let workspace = try workspace()
        let state = workspace.root.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let database = state.appendingPathComponent("govwatch.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: database)
        let outcome = try workspace.once()
        #expect(outcome.status == 74)
        #expect(outcome.stderr.contains(database.path))
        #expect(outcome.stderr.contains("corrupt or not a govwatch database; move it aside and restore a backup"))
        #expect(try Data(contentsOf: database) == garbage, "govwatch must not overwrite a corrupt database")
    }

    /// Read-only for real: root ignores file modes, so the state folder is
    /// bind-mounted read-only (as a broken deployment or a full-disk remount would).
    @Test(.enabled(if: getuid() == 0, "needs root to bind-mount the state folder read-only"), .timeLimit(.minutes(10)))
    func readOnlyDatabaseIsNamedAndLeftUntouched() throws {
        let workspace = try workspace()
        #expect(try workspace.once().status == 0)
        let state = workspace.root.appendingPathComponent("state").path
        let database = state + "/govwatch.sqlite"
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let mounted = try SystemdUnitTests.shell(
            "mount --bind '\(state)' '\(state)' && mount -o remount,ro,bind '\(state)'")
        try #require(mounted.status == 0, "mount failed: \(mounted.output)")
        defer { _ = try? SystemdUnitTests.shell("umount -l '\(state)'") }
        let outcome = try workspace.once()
        #expect(outcome.status == 74, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(database), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("read-only"), "\(outcome.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    /// SQLite's shared-memory file left unwritable (made immutable: root
    /// ignores modes) fails every write; the error names that file, not
    /// only the database, and the next run after it is fixed works.
    @Test(.enabled(if: getuid() == 0, "needs root for chattr"), .timeLimit(.minutes(10)))
    func anUnwritableSharedMemoryFileIsNamed() throws {
        let workspace = try workspace()
        #expect(try workspace.once().status == 0)
        let shared = workspace.root.appendingPathComponent("state/govwatch.sqlite-shm").path
        if !FileManager.default.fileExists(atPath: shared) {
            _ = FileManager.default.createFile(atPath: shared, contents: nil)
        }
        // A file system without immutable files (tmpfs, overlay) cannot show this.
        guard try SystemdUnitTests.shell("chattr +i '\(shared)'").status == 0 else { return }
        defer { _ = try? SystemdUnitTests.shell("chattr -i '\(shared)'") }
        let outcome = try workspace.once()
        #expect(outcome.status == 74, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("shared-memory file \(shared) is not writable"), "\(outcome.stderr)")
        #expect(try SystemdUnitTests.shell("chattr -i '\(shared)'").status == 0)
        #expect(try workspace.once().status == 0)
    }

    @Test(.timeLimit(.minutes(10)))
    func databaseLockedByAnotherProcessIsNamed() throws {
        let workspace = try workspace()
        #expect(try workspace.once().status == 0)
        let database = workspace.root.appendingPathComponent("state/govwatch.sqlite").path
        // Another process holds an exclusive transaction for 8 s.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None); "
                + "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(8)", database,
        ]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        defer { holder.terminate() }
        _ = pipe.fileHandleForReading.availableData  // wait until it holds the lock
        let outcome = try workspace.once()
        #expect(outcome.status == 74)
        #expect(outcome.stderr.contains(database))
        #expect(outcome.stderr.contains("locked by another process"))
    }
}

@Suite("govwatch once: what it prints")
struct OnceOutputTests {
    @Test func oneLinePerSourceOnStdoutAndTheNextRunWhenIdle() throws {
        let site = try SimulatedSite()
        site.publish(DemoSite.halfYearReport)
        let workspace = try Workspace(site: site)
        let first = try GovwatchBinary.run(["once", "-c", workspace.configURL.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "report-execution: listing 1 item, fetched 1, 1 alert\n")
        #expect(!first.stderr.contains("cycle done"), "the result is not logged twice: \(first.stderr)")
        // Nothing is due for an hour (interval = "1h"): say so, and when.
        let idle = try GovwatchBinary.run(["once", "-c", workspace.configURL.path])
        #expect(idle.status == 0, "\(idle.stderr)")
        #expect(idle.stdout.hasPrefix("nothing due; next: report-execution at 20"), "\(idle.stdout)")
        #expect(!idle.stdout.hasSuffix("Z\n"), "in [daemon] timezone, as people read it, not UTC")
        // Log lines (on stderr) use the daemon's format: RFC 3339 UTC.
        let verbose = try GovwatchBinary.run(["once", "--all", "-c", workspace.configURL.path, "--log-level", "info"])
        let logLine = try #require(verbose.stderr.split(separator: "\n").first { $0.contains("cycle done") })
        #expect(
            logLine.firstMatch(of: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ info govwatch: cycle done/) != nil, "\(logLine)")
    }

    /// A listed article that answers 404 is named with its URL and status:
    /// at warning the first time, at info while it repeats.
    @Test func aFailingArticleIsLoggedWithItsURL() throws {
        let site = try SimulatedSite()
        site.publish(DemoSite.halfYearReport)
        let workspace = try Workspace(site: site)
        #expect(try workspace.once().status == 0)
        site.edit(DemoSite.halfYearReport.path) { $0.status = 404 }
        let url = site.url(DemoSite.halfYearReport.path)
        let first = try workspace.once()
        #expect(first.stdout.hasSuffix(", 1 fetch failure\n"), "\(first.stdout)")
        let line = try #require(first.stderr.split(separator: "\n").first { $0.contains("article not fetched") })
        #expect(line.contains(" warning govwatch: article not fetched"), "\(line)")
        #expect(line.contains("reason=listed but answers HTTP 404") && line.contains("url=\(url)"), "\(line)")
        let again = try GovwatchBinary.run(["once", "--all", "-c", workspace.configURL.path, "--log-level", "info"])
        #expect(again.stderr.contains(" info govwatch: article not fetched"), "\(again.stderr)")
        #expect(!again.stderr.contains(" warning govwatch: article not fetched"), "\(again.stderr)")
    }

    /// A report published years ago is past the recheck window: it is
    /// rechecked weekly, not dropped, the summary says it was skipped, and
    /// `once --recheck` rechecks it now.
    @Test func oldReportsAreArchivedNotForgotten() throws {
        let site = try SimulatedSite()
        site.publish(DemoSite.halfYearReport)
        let workspace = try Workspace(site: site)
        var config = try String(contentsOf: workspace.configURL, encoding: .utf8)
        config = config.replacingOccurrences(of: "recheck_window = \"36500d\"", with: "recheck_window = \"30d\"")
        try config.write(to: workspace.configURL, atomically: true, encoding: .utf8)
        #expect(try workspace.once().status == 0)
        site.edit(DemoSite.halfYearReport.path) {
            $0.html = ReportPage.addProgress("慈善基地建设运营督导完成第4次。", toRow: 72, in: $0.html)
        }
        let quiet = try workspace.once()
        #expect(quiet.stdout == "report-execution: listing unchanged, fetched 0, 0 alerts; skipped 1 archived\n")
        let recheck = try GovwatchBinary.run(["once", "--recheck", "-c", workspace.configURL.path])
        #expect(recheck.stdout == "report-execution: listing unchanged, fetched 1, 1 alert\n", "\(recheck.stderr)")
        #expect(try workspace.spooledAlerts().map { $0["kind"] as? String }.contains("document.changed"))
        let check = try GovwatchBinary.run(["config", "check", "-c", workspace.configURL.path])
        #expect(check.stdout.contains("recheck 0s for 30d after publication, then every 7d"), "\(check.stdout)")
    }

    /// A 429 with Retry-After is remembered in the store: the next process
    /// does not ask that host again before the time, and says so.
    @Test func retryAfterIsHonouredByTheNextProcess() throws {
        let site = try SimulatedSite()
        site.publish(DemoSite.halfYearReport)
        let workspace = try Workspace(site: site)
        #expect(try workspace.once().status == 0)
        site.setDown(429, retryAfter: 30)
        let limited = try workspace.once()
        #expect(limited.stdout.contains("failed (1 in a row): HTTP 429 fetching"), "\(limited.stdout)")
        site.setDown(nil)
        let requests = site.requestCount
        let next = try workspace.once()
        #expect(next.status == 0, "\(next.stderr)")
        let host = URL(string: site.columnURL).map { "\($0.host!):\($0.port!)" }!
        #expect(
            next.stdout.hasPrefix("report-execution: not run: host \(host) asked us to wait until "), "\(next.stdout)")
        #expect(next.stdout.hasSuffix("Z (Retry-After)\n"))
        #expect(site.requestCount == requests, "the host was asked again")
    }
}
