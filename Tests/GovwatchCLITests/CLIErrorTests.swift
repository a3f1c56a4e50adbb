import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// The reading commands and extract: every mistake gets a hint and the
/// status that fits it, never silence.
@Suite("CLI errors and hints")
struct CLIErrorTests {
    static func workspaceWithBaseline() throws -> (Workspace, SimulatedSite) {
        let site = try SimulatedSite()
        site.publish(DemoSite.halfYearReport)
        let workspace = try Workspace(site: site)
        #expect(try workspace.once().status == 0)
        return (workspace, site)
    }

    @Test func changesSaysWhyItFoundNothing() throws {
        let (workspace, _) = try Self.workspaceWithBaseline()
        let config = workspace.configURL.path
        let source = try GovwatchBinary.run(["changes", "-c", config, "--source", "nope"])
        #expect(source.status == 0)
        #expect(source.stderr.contains("govwatch: no source named nope in \(config) (known: report-execution)"))
        let unit = try GovwatchBinary.run(["changes", "-c", config, "--unit", "不存在的单位"])
        #expect(unit.status == 0)
        #expect(unit.stderr.contains("no task has a lead unit whose name contains \"不存在的单位\""))
        let range = try GovwatchBinary.run(["changes", "-c", config, "--since", "2026-11-02", "--until", "2026-11-01"])
        #expect(range.status == 64)
        #expect(range.stderr.contains("--since 2026-11-02 is after --until 2026-11-01"))
        let kind = try GovwatchBinary.run(["changes", "-c", config, "--kind", "document.edited"])
        #expect(kind.status == 64)
        #expect(kind.stderr.contains("unknown kind document.edited"))
        #expect(kind.stderr.contains("Usage: govwatch changes"), "the subcommand's usage: \(kind.stderr)")
    }

    @Test func historyTellsAMissingNumberFromAnUnknownOne() throws {
        let (workspace, site) = try Self.workspaceWithBaseline()
        let config = workspace.configURL.path
        let url = site.url(DemoSite.halfYearReport.path)
        let noNumber = try GovwatchBinary.run(["history", "-c", config, url])
        #expect(noNumber.status == 64)
        #expect(noNumber.stderr.contains("give the task's 序号 after the report URL"))
        let unknownNumber = try GovwatchBinary.run(["history", "-c", config, url, "999"])
        #expect(unknownNumber.status == 65)
        #expect(unknownNumber.stderr.contains("report \(url) has no task numbered 999"))
        let unknownURL = try GovwatchBinary.run(["history", "-c", config, url + "x", "1"])
        #expect(unknownURL.stderr.contains("no report \(url)x in the store"))
        #expect(try GovwatchBinary.run(["history", "-c", config, url, "72"]).status == 0)
    }

    @Test func extractReadsStdinAndRefusesWhatItCannotRead() throws {
        let page = try String(
            contentsOfFile: GovwatchBinary.fixture("seed/article-2021-h1-clean.html"), encoding: .utf8)
        let stdin = try GovwatchBinary.run(["extract", "--format", "markdown", "-"], input: Data(page.utf8))
        #expect(stdin.status == 0, "\(stdin.stderr)")
        #expect(stdin.stdout.hasPrefix("# 2021年度市政府工作报告重点工作任务半年度完成情况"))
        let file = try GovwatchBinary.run(["extract", "file:///etc/hosts"])
        #expect(file.status == 64)
        #expect(file.stderr.contains("file URLs are not fetched"))
        let charset = try GovwatchBinary.run(["extract", "--charset", "FOO", GovwatchBinary.fixture("bad/empty.html")])
        #expect(charset.status == 64)
        #expect(charset.stderr.contains("unknown charset FOO"))
        #expect(try GovwatchBinary.run(["extract", GovwatchBinary.fixture("bad/empty.html")]).status == 65)
        let listing = try GovwatchBinary.run([
            "extract", "--kind", "listing", "--format", "markdown",
            GovwatchBinary.fixture("listing/column-1229429114.html"),
        ])
        #expect(listing.stdout.hasPrefix("# 栏目文章列表"), "\(listing.stdout.prefix(200)) \(listing.stderr)")
    }

    @Test func versionAndNotifyWithoutNotifiers() throws {
        let version = try GovwatchBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.firstMatch(of: /^\d+\.\d+\.\d+\n$/) != nil, "\(version.stdout)")
        let (workspace, _) = try Self.workspaceWithBaseline()
        let send = try GovwatchBinary.run(["notify", "send", "-c", workspace.configURL.path])
        #expect(send.status == 0)
        #expect(send.stdout.hasPrefix("no notifiers configured: add [[notifiers]] to"))
        #expect(try GovwatchBinary.run(["notify", "--help"]).stdout.contains("-c FILE"))
    }
}
