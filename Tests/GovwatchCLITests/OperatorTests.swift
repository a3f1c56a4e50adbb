import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// What a new operator met in the first hour: reading commands in a shell
/// without the service's secrets, `once` for scripts, and a site to copy.
@Suite("Operators: secrets, once for scripts, site export", .serialized)
struct OperatorTests {
    static func workspace(notifier: Bool = false) throws -> Workspace {
        let site = try SimulatedSite()
        site.publish(
            .init(
                path: OnceEndToEndTests.h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况",
                date: "2022-01-06", html: OnceEndToEndTests.clean))
        let workspace = try Workspace(site: site)
        #expect(try workspace.once().status == 0)
        if notifier {
            let robot = """

                [[notifiers]]
                name = "robot"
                type = "wecom"
                url_env = "GOVWATCH_TEST_ROBOT_URL_NOT_SET"
                """
            try Self.append(robot, to: workspace.configURL)
        }
        return workspace
    }

    /// The robot's URL lives in the service's environment file: a shell
    /// without it still reads the state, with one warning; commands that
    /// send still refuse, naming the variable.
    @Test func readingCommandsRunWithoutTheNotifiersSecret() throws {
        let workspace = try Self.workspace(notifier: true)
        let config = workspace.configURL.path
        let report = workspace.site.url(OnceEndToEndTests.h1Path)
        for arguments in [["changes"], ["feed"], ["history", report, "1"], ["site", "build"]] {
            let run = try GovwatchBinary.run(arguments + ["--config", config])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(
                run.stderr.contains(
                    "govwatch: warning: notifier robot: url_env GOVWATCH_TEST_ROBOT_URL_NOT_SET is not set here"),
                "\(arguments): \(run.stderr)")
        }
        for arguments in [["once"], ["notify"]] {
            let run = try GovwatchBinary.run(arguments + ["--config", config])
            #expect(run.status == 78, "\(arguments)")
            #expect(run.stderr.contains("environment variable GOVWATCH_TEST_ROBOT_URL_NOT_SET is not set"))
            #expect(!run.stderr.contains("CommandFailure"), "one line of words, never a Swift dump")
        }
    }

    /// Nothing due: the next run in the configured zone, as people read it.
    @Test func nothingDueSaysTheNextRunInLocalTime() throws {
        let workspace = try Self.workspace()
        let run = try GovwatchBinary.run(["once", "--config", workspace.configURL.path])
        #expect(run.status == 0)
        let line = run.stdout.trimmingCharacters(in: .newlines)
        #expect(line.hasPrefix("nothing due; next: report-execution at "), "\(line)")
        #expect(
            !line.hasSuffix("Z")
                && line.range(of: #"at \d{4}-\d{2}-\d{2} \d{2}:\d{2}$"#, options: .regularExpression) != nil)
    }

    /// `site export`: plain files (no links), each series once, and every
    /// link of every page resolving inside the copy.
    @Test func siteExportIsAPlainCopyWhoseLinksResolve() throws {
        let workspace = try Self.workspace()
        let target = workspace.root.appendingPathComponent("www").path
        let run = try GovwatchBinary.run(["site", "export", target, "--config", workspace.configURL.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("exported the site to \(target): "))
        var pages: [String] = []
        let walker = FileManager.default.enumerator(atPath: target)
        while let path = walker?.nextObject() as? String {
            let full = target + "/" + path
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) == nil, "a link: \(path)")
            if path.hasSuffix(".html") { pages.append(path) }
        }
        #expect(pages.contains("index.html"))
        let seriesFolders = try FileManager.default.contentsOfDirectory(atPath: target + "/series")
        #expect(seriesFolders.count == 1 && !seriesFolders[0].contains("."), "each series once, by its name")
        for page in pages {
            let html = try String(contentsOfFile: target + "/" + page, encoding: .utf8)
            let folder = URL(fileURLWithPath: target + "/" + page).deletingLastPathComponent()
            for link in Self.links(html) where !link.hasPrefix("http") && !link.hasPrefix("#") {
                let file =
                    String(link.split(separator: "#").first ?? "").split(separator: "?").first.map(String.init) ?? ""
                guard !file.isEmpty else { continue }
                let resolved = folder.appendingPathComponent(file).standardized.path
                #expect(FileManager.default.fileExists(atPath: resolved), "\(page) → \(link)")
            }
        }
        let again = try GovwatchBinary.run(["site", "export", target, "--config", workspace.configURL.path])
        #expect(again.status == 74 && again.stderr.contains("is not empty"))
    }

    /// Two sources whose columns list the same reports (the shipped config
    /// watches two columns of one series): each report is one document,
    /// one alert, and config check says so.
    @Test func oneReportUnderTwoSourcesIsOneDocument() throws {
        let workspace = try Self.workspace()
        let second = """

            [[sources]]
            name = "same-reports"
            url = "\(workspace.site.columnURL)"
            type = "column"
            interval = "1h"
            recheck_interval = "0s"
            recheck_window = "36500d"
            """
        try Self.append(second, to: workspace.configURL)
        _ = try workspace.newAlerts()
        #expect(try workspace.once().status == 0)  // the second source's baseline: the report is the first's
        workspace.site.publish(
            .init(
                path: OnceEndToEndTests.novPath, title: "2021年度市政府工作报告重点工作任务1-11月完成情况",
                date: "2022-01-06", html: OnceEndToEndTests.clean))
        #expect(try workspace.once().status == 0)
        let published = try workspace.newAlerts().filter { $0["kind"] as? String == "document.published" }
        #expect(published.count == 1, "one report, one alert: \(published.map { $0["source"] ?? "" })")
        let rows = try SystemdUnitTests.shell(
            "python3 -c \"import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("
                + "'select count(*), count(distinct url) from document').fetchone())\" "
                + "'\(workspace.root.path)/state/govwatch.sqlite'")
        #expect(rows.output == "(2, 2)\n", "one row per URL")
        let check = try GovwatchBinary.run(["config", "check", "--config", workspace.configURL.path])
        #expect(check.stdout.contains("note: sources report-execution and same-reports list the same 2 report(s)"))
    }

    /// Under umask 000 (a shell's, a cron job's): the database and its
    /// -wal and -shm are 0640, the site's pages 0644 and folders 0755.
    /// Run in a process of its own, since the umask is the whole process's.
    @Test func modesWhateverTheUmask() throws {
        let workspace = try Self.workspace()
        try FileManager.default.removeItem(at: workspace.root.appendingPathComponent("state"))
        let run = try SystemdUnitTests.shell(
            "umask 000 && '\(GovwatchBinary.url.path)' once --all --config '\(workspace.configURL.path)' >/dev/null")
        #expect(run.status == 0, "\(run.output)")
        func mode(_ path: String) -> Int {
            let full = workspace.root.appendingPathComponent(path).path
            return (try? FileManager.default.attributesOfItem(atPath: full)[.posixPermissions] as? Int) ?? -1
        }
        #expect(mode("state/govwatch.sqlite") == 0o640)
        // SQLite removes -wal and -shm at the last close; while they exist they have the database's mode.
        for name in ["govwatch.sqlite-wal", "govwatch.sqlite-shm"] where mode("state/" + name) != -1 {
            #expect(mode("state/" + name) == 0o640, "\(name)")
        }
        #expect(mode("state/site/index.html") == 0o644)
        let site = try FileManager.default.destinationOfSymbolicLink(
            atPath: workspace.root.appendingPathComponent("state/site").path)
        #expect(mode("state/" + site) == 0o755)
        #expect(mode("state/site.series") == 0o755)
    }

    /// Adds `text` at the end of the configuration file, as an operator would.
    static func append(_ text: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    static func links(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?:href|src)="([^"]+)""#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }
}
