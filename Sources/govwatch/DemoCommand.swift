import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchDemo
import GovwatchSystemd
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `govwatch demo`: the daemon against a simulated site on loopback, offline.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Watch a simulated disclosure site on 127.0.0.1 and show alerts as they arrive (Ctrl-C stops).",
        discussion: """
            The site starts with the real 2021 half-year report. After about 15 seconds the \
            1-11月 report of the same series appears; after about 30 seconds a progress \
            entry of the half-year report changes. Alerts land in DIRECTORY/spool/new. \
            Without --directory the demo works in a temporary folder and removes it when it \
            stops, unless --keep is given. A folder that already holds a demo's state is refused: \
            each demo's site is new, so its reports would read as new ones.
            """
    )

    @Option(help: "Working folder for state, spool and log (default: a new temporary folder).")
    var directory: String?

    @Option(help: "Stop after this long (e.g. 45s); default: run until Ctrl-C.")
    var duration: String?

    @Option(name: .customLong("log-level"), help: "Daemon log level shown on stderr.")
    var logLevel: Logger.Level = .warning

    @Flag(help: "Five times faster: poll every second, site changes after 3 and 6 seconds (for tests).")
    var fast = false

    @Flag(help: "Keep the temporary folder when the demo stops (a --directory is always kept).")
    var keep = false

    /// Checked before anything is created, so a usage error leaves nothing behind.
    func validate() throws {
        if let duration {
            do { _ = try DurationText.parse(duration) } catch { throw ValidationError(error.description) }
        }
        if let directory, FileManager.default.fileExists(atPath: directory + "/state/govwatch.sqlite") {
            throw ValidationError(
                "\(directory) already holds a demo's state; give a new folder (each demo's site is new, "
                    + "so its reports would read as new ones), or remove it")
        }
    }

    func run() async throws {
        let folder = directory ?? NSTemporaryDirectory() + "govwatch-demo-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let limit = try duration.map { try DurationText.parse($0) }
        let temporary = directory == nil && !keep
        defer { if temporary { try? FileManager.default.removeItem(atPath: folder) } }

        let site = try DemoSite()
        site.publish(DemoSite.halfYearReport)
        try await site.start()
        let base = await site.baseURL
        let configuration = try writeConfiguration(in: folder, columnURL: base + JCMSPages.columnPath)
        let logger = commandLogger(level: logLevel)
        let daemon: Daemon
        do {
            daemon = try Runtime.open(configuration, attachments: .ownChild, logger: logger)
                .daemon(environment: [:], logger: logger)
        } catch {
            throw CommandFailure(error).exit
        }

        let step: Duration = fast ? .seconds(3) : .seconds(15)
        say(
            "govwatch 演示：每\(fast ? "1" : "5")秒检查一次 \(base)\(JCMSPages.columnPath)；提醒写入 \(folder)/spool/new"
        )
        say(
            "（约\(Int(step.components.seconds))秒后发布一份新报告，约\(Int((step * 2).components.seconds))秒后修改一项任务；按 Ctrl-C 停止）"
        )
        say(
            "审阅网站（每条提醒后更新）：用浏览器打开 \(folder)/state/site/index.html"
                + (temporary ? "（演示结束时删除，加 --keep 可保留）" : ""))
        let script = Task { try await changeSite(site, every: step) }
        let watcher = Task { await watchSpool(folder + "/spool/new") }
        let stopAfter = limit
        let stopper = Task {
            guard let limit = stopAfter else { return }
            try await Task.sleep(for: limit)
            kill(getpid(), SIGTERM)  // the daemon's own graceful path, as Ctrl-C takes
        }
        try await daemon.run()
        script.cancel()
        stopper.cancel()
        try? await Task.sleep(for: .milliseconds(300))
        watcher.cancel()
        await site.stop()
        let count = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/spool/new").count) ?? 0
        say("govwatch 演示：已正常停止；\(folder)/spool/new 中有\(count)个提醒文件")
        if temporary {
            say("govwatch 演示：已删除 \(folder)；加 --keep（或 --directory 目录）可保留，之后查看")
        } else {
            // The commands as they run from here: this binary's own path, not
            // a `govwatch` that may not be on PATH yet.
            let govwatch = Self.executablePath
            say("审阅网站：用浏览器打开 \(folder)/state/site/index.html")
            say("  （或运行 \(govwatch) serve -c \(folder)/govwatch.toml，再打开 http://127.0.0.1:8080/）")
            say("接下来可以试试：")
            say("  \(govwatch) changes -c \(folder)/govwatch.toml   # 变更记录（Markdown；--format html 为网页）")
            say("  \(govwatch) feed -c \(folder)/govwatch.toml      # Atom 订阅")
            say("  \(govwatch) history -c \(folder)/govwatch.toml \(base)\(DemoSite.halfYearReport.path) 72")
        }
    }

    /// This program's path (`/proc/self/exe`), for commands a user can paste.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "govwatch"
    }

    /// The demo's configuration, written into its folder as a user would
    /// write one, and loaded the way every command loads it.
    func writeConfiguration(in folder: String, columnURL: String) throws -> GovwatchConfiguration {
        let configText = """
            [daemon]
            state_dir = "state"
            spool_dir = "spool"
            alert_log = "alerts.jsonl"
            jitter = "0s"

            [http]
            user_agent = "govwatch-demo/0.1 (offline demo)"
            per_host_delay = "0s"

            [[sources]]
            name = "demo-zhoushan"
            title = "舟山市政府工作报告执行情况（演示）"
            url = "\(columnURL)"
            interval = "\(fast ? "1s" : "5s")"
            recheck_interval = "0s"
            recheck_window = "36500d"
            baseline = "silent"
            """
        let configPath = folder + "/govwatch.toml"
        try configText.write(toFile: configPath, atomically: true, encoding: .utf8)
        do { return try ConfigurationPreflight.load(path: configPath) } catch {
            throw ValidationError(error.description)
        }
    }

    /// What happens on the simulated site: a new report, then an edit.
    func changeSite(_ site: DemoSite, every step: Duration) async throws {
        try await Task.sleep(for: step)
        site.publish(DemoSite.novemberReport)
        say("[模拟网站] 发布新报告：\(DemoSite.novemberReport.title)")
        try await Task.sleep(for: step)
        site.edit(DemoSite.halfYearReport.path) {
            $0.html = ReportPage.addProgress("慈善基地建设运营督导完成第4次。", toRow: 72, in: $0.html)
        }
        say("[模拟网站] 修改：\(DemoSite.halfYearReport.title) 第72项")
    }

    /// Prints each new alert file's summary as it lands.
    func watchSpool(_ path: String) async {
        // Only what arrives from now on is news.
        var seen = Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
        while !Task.isCancelled {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            for name in names where !seen.contains(name) {
                seen.insert(name)
                guard let data = FileManager.default.contents(atPath: path + "/" + name),
                    let alert = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { continue }
                let kind = alert["kind"] as? String ?? "?"
                let summary = alert["summary"] as? String ?? ""
                // The Chinese name for people, the kind for programs (and grep).
                say("[提醒] \(Alert.Kind(rawValue: kind)?.chineseName ?? kind)（\(kind)）：\(summary)")
                if let changes = alert["changes"] as? [[String: Any]] {
                    for change in changes.prefix(5) {
                        let added = (change["progressAdded"] as? [String]) ?? []
                        guard !added.isEmpty || change["change"] as? String != "modified" else { continue }
                        let number = change["number"] as? String ?? "-"
                        let task = (change["task"] as? String ?? "").prefix(30)
                        let name = EntryChange.Kind(rawValue: change["change"] as? String ?? "").map {
                            ChangeLogRenderer.changeName(
                                $0, under: Alert.Kind(rawValue: kind) ?? .documentChanged, newProgress: !added.isEmpty)
                        }
                        say("        \(name ?? "") 第\(number)项 \(task)… +\(added.first ?? "")")
                    }
                }
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}

private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
