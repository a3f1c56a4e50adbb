import Foundation
import Testing

@testable import GovwatchPublish

/// The site in a real browser: Debian's headless Chromium (installed by
/// `Deploy/setup --tests`) loads the pages a reviewer opens first at a
/// phone's width and a desktop's, and runs the search.
@Suite("The reviewer site in Chromium", .serialized)
struct SiteBrowserTests {
    /// The page's DOM after its scripts ran, and what it wrote to the console.
    static func load(_ url: String, width: Int) throws -> (dom: String, console: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            "--window-size=\(width),900", "--virtual-time-budget=3000", "--dump-dom", url,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (dom, log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init))
    }

    @Test func pagesLoadWithoutConsoleErrorsAtPhoneAndDesktopWidths() async throws {
        let (fixture, manifest) = try await SiteStoreTests.built()
        defer { fixture.remove() }
        let series = try SiteStoreTests.series(manifest, containing: SiteFixture.half)
        let pages = [
            "index.html", try SiteStoreTests.page(manifest, SiteFixture.half),
            SiteLayout.unitPage("市文广旅体局") + ".html",
            series.folder + "/" + SiteLayout.taskName(SiteLayout.identity("推进海岛公园建设。")),
            "changes/2024-11.html", "search.html", SiteLayout.lagging,
        ]
        for page in pages {
            for width in [390, 1280] {
                let (dom, console) = try Self.load("file://\(fixture.site)/\(page)", width: width)
                #expect(console.isEmpty, "\(page) at \(width) px: \(console)")
                #expect(dom.contains("</h1>"), "\(page) at \(width) px did not render")
            }
        }
    }

    @Test func searchFindsATaskByAWordAndAUnitByItsAlias() async throws {
        let (fixture, _) = try await SiteStoreTests.built()
        defer { fixture.remove() }
        let word = "海岛公园".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (tasks, console) = try Self.load("file://\(fixture.site)/search.html?q=\(word)", width: 390)
        #expect(console.isEmpty, "\(console)")
        #expect(tasks.contains(">推进海岛公园建设。</a>"))
        #expect(tasks.contains("找到2条"))  // the task in each year's latest report
        // 市慈善总会 is the alias in 市民政局(市慈善总会)'s brackets.
        let alias = "市慈善总会".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (units, _) = try Self.load("file://\(fixture.site)/search.html?q=\(alias)", width: 1280)
        #expect(units.contains(">市民政局(市慈善总会)</a><div class=\"meta\">牵头单位，2项任务</div>"))
        let (nothing, _) = try Self.load("file://\(fixture.site)/search.html?q=zzzz", width: 1280)
        #expect(nothing.contains("没有找到。"))
        // A word only in the progress finds its task, shown in context.
        let started = "已开工".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (progress, _) = try Self.load("file://\(fixture.site)/search.html?q=\(started)", width: 1280)
        #expect(progress.contains(">建设未来社区5个。</a><div class=\"meta\">第2项　市建设局　"))
        #expect(progress.contains("<div class=\"meta\">完成情况：已开工3个。</div>"))
        #expect(progress.contains("找到2条"))
        // A number finds the task numbered so (and words containing it).
        let (numbered, _) = try Self.load("file://\(fixture.site)/search.html?q=3", width: 1280)
        #expect(numbered.contains(">切实加强慈善工作。</a><div class=\"meta\">第3项　"))
    }
}
