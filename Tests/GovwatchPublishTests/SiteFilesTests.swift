import Foundation
import GovwatchCore
import GovwatchStore
import Testing

@testable import GovwatchPublish

/// The site as files: every link resolves inside it, nothing is fetched
/// from elsewhere, the workbook opens as one, search has its index, and a
/// change rebuilds its series, units and month only.
@Suite("The reviewer site's files")
struct SiteFilesTests {
    /// Every `href` and `src` of every page, resolved from the page's own
    /// folder as a browser does (through the series links).
    @Test func everyLinkResolvesInsideTheSite() async throws {
        let (fixture, _) = try await SiteStoreTests.built()
        defer { fixture.remove() }
        var checked = 0
        #expect(try Self.brokenLinks(fixture.site, checked: &checked) == [])
        #expect(checked > 60)
    }

    /// Links of the site's pages that leave it or lead nowhere (`page: target`).
    static func brokenLinks(_ site: String) throws -> [String] {
        var checked = 0
        return try brokenLinks(site, checked: &checked)
    }

    static func brokenLinks(_ site: String, checked: inout Int) throws -> [String] {
        let root = URL(fileURLWithPath: site)
        var broken: [String] = []
        for page in try Self.pages(site) {
            let html = try String(contentsOfFile: site + "/" + page, encoding: .utf8)
            if html.contains("<link") || html.contains("@import") || html.contains("url(") {
                broken.append("\(page): an external resource")
            }
            for target in Self.links(html) {
                if target.hasPrefix("http://h/") { continue }  // the watched site's own pages
                if target.hasPrefix("#") {
                    // In-page: `#` shows the whole page; any other names an element of it.
                    if target != "#", !html.contains("id=\"\(target.dropFirst())\"") {
                        broken.append("\(page): \(target)")
                    }
                    checked += 1
                    continue
                }
                let path = String(target.split(separator: "#", maxSplits: 1).first ?? "")
                let file = URL(string: path, relativeTo: root.appendingPathComponent(page))!.standardizedFileURL.path
                if target.contains("://") || target.hasPrefix("//") || !file.hasPrefix(root.standardizedFileURL.path)
                    || !FileManager.default.fileExists(atPath: file)
                {
                    broken.append("\(page): \(target)")
                }
                checked += 1
            }
        }
        return broken
    }

    static func pages(_ site: String) throws -> [String] {
        let enumerator = FileManager.default.enumerator(
            at: URL(fileURLWithPath: site), includingPropertiesForKeys: nil)!
        let prefix = URL(fileURLWithPath: site).resolvingSymlinksInPath().path
        var pages: [String] = []
        // The enumerator does not descend through the series links; list them by hand.
        for case let url as URL in enumerator where url.pathExtension == "html" {
            pages.append(String(url.resolvingSymlinksInPath().path.dropFirst(prefix.count + 1)))
        }
        // Each series by its link (`<hash>`), not its folder (`<hash>.<id>`).
        for series in (try? FileManager.default.contentsOfDirectory(atPath: site + "/series")) ?? []
        where !series.contains(".") {
            for name in try FileManager.default.contentsOfDirectory(atPath: site + "/series/" + series)
            where name.hasSuffix(".html") {
                pages.append("series/\(series)/\(name)")
            }
        }
        return pages
    }

    static func links(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "(?:href|src)=\"([^\"]*)\"")
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).compactMap { match in
            Range(match.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    @Test func theWorkbookHasASheetPerReportWithAFrozenHeader() async throws {
        let (fixture, manifest) = try await SiteStoreTests.built()
        defer { fixture.remove() }
        let series = try SiteStoreTests.series(manifest, containing: SiteFixture.half)
        let path = fixture.site + "/" + series.folder + "/" + SiteLayout.workbook
        // Read back with Python's zipfile: an .xlsx is a zip of XML parts.
        let script = """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            names = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
            print(len(names))
            print(z.read("xl/workbook.xml").decode())
            print(z.read(names[1]).decode())
            """
        let output = try Self.run("/usr/bin/python3", ["-c", script, path])
        #expect(output.hasPrefix("3\n"))
        // Sheets named by the period each report covers (the notice: 责任分解).
        #expect(output.contains("<sheet name=\"责任分解\" sheetId=\"1\""))
        #expect(output.contains("<sheet name=\"半年度\" sheetId=\"2\""))
        #expect(output.contains("<sheet name=\"前三季度\" sheetId=\"3\""))
        #expect(output.contains("ySplit=\"1\""))  // the frozen header
        #expect(output.contains("建设未来社区6个。") && output.contains("市建设局、市发改委"))
        // 序号 as a number; the status and movement columns beside the progress.
        #expect(output.contains("<c r=\"B3\" s=\"2\"><v>2</v></c>"))
        #expect(output.contains("<t>状态</t>") && output.contains("<t>较上一期</t>"))
        let third = try Self.run("/usr/bin/python3", ["-c", script.replacing("names[1]", with: "names[2]"), path])
        #expect(third.contains("<c r=\"G3\" s=\"2\" t=\"inlineStr\"><is><t>滞后</t></is></c>"))
        #expect(third.contains("<c r=\"H2\" s=\"2\" t=\"inlineStr\"><is><t>新进展</t></is></c>"))
        #expect(series.title == "2024年市政府工作报告重点工作任务进展情况")  // the file's name on the index
    }

    @Test func searchHasEveryTaskOfTheLatestReportsAndEveryUnit() async throws {
        let (fixture, manifest) = try await SiteStoreTests.built()
        defer { fixture.remove() }
        let search = try fixture.file("search.html")
        for series in manifest.series.values {
            #expect(search.contains("<script src=\"\(series.folder)/search.js\"></script>"))
            #expect(FileManager.default.fileExists(atPath: fixture.site + "/" + series.folder + "/search.js"))
        }
        #expect(search.contains("<noscript>"))
        let units = try fixture.file("units.js")
        #expect(units.contains("\"n\":\"市民政局(市慈善总会)\""))
    }

    /// With nothing committed since the site was built, an update reads
    /// its mark, not its manifest (a manifest damaged within its size
    /// would make it build the whole site); with something new, a mark of
    /// another version or none (a site built before marks), it reads the
    /// manifest; with no manifest of the mark's size beside it (removed,
    /// cut short), it builds the whole site.
    @Test func anUpdateWithNothingNewReadsTheMarkOnly() async throws {
        let (fixture, manifest) = try await SiteStoreTests.built()
        defer { fixture.remove() }
        let manifestPath = fixture.site + "/" + SiteLayout.manifest
        let size = try #require(FileManager.default.attributesOfItem(atPath: manifestPath)[.size] as? Int)
        #expect(
            try fixture.file(SiteLayout.mark) == "\(SiteManifest.currentVersion) \(manifest.lastSequence) \(size)\n")
        #expect(SiteFiles.find("/" + SiteLayout.mark, in: fixture.site) == nil)  // never served
        let damageInPlace = {
            let bytes = try #require(FileManager.default.contents(atPath: manifestPath))
            try Data(repeating: UInt8(ascii: "x"), count: bytes.count).write(to: URL(fileURLWithPath: manifestPath))
        }
        try damageInPlace()
        #expect(try await SiteStoreTests.updater(fixture).update() == nil)
        let update = { try await SiteStoreTests.updater(fixture).update() }
        // Cut short: read, found damaged, built whole.
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: manifestPath))
        #expect(try await update()?.full == true)
        let mark = URL(fileURLWithPath: fixture.site + "/" + SiteLayout.mark)
        let written = try String(contentsOf: mark, encoding: .utf8)
        try damageInPlace()
        try Data(("\(SiteManifest.currentVersion + 1)" + written.drop { $0 != " " }).utf8).write(to: mark)
        #expect(try await update()?.full == true)
        try damageInPlace()
        try FileManager.default.removeItem(at: mark)
        #expect(try await update()?.full == true)
        try FileManager.default.removeItem(atPath: manifestPath)  // the mark stays
        #expect(try await update()?.full == true)
        // Built whole, then something new: the manifest is read (damaged: whole again).
        #expect(try await update() == nil)
        try damageInPlace()
        var third = SiteFixture.snapshots[SiteFixture.third]!
        third.entries[0].progress.append("海岛公园开园。")
        try await fixture.edit(
            SiteFixture.third, from: SiteFixture.snapshots[SiteFixture.third]!, to: third, at: "2024-12-01T02:00:00Z")
        #expect(try await update()?.full == true)
    }

    @Test func aChangeRebuildsItsSeriesUnitsAndMonthOnly() async throws {
        let (fixture, before) = try await SiteStoreTests.built()
        defer { fixture.remove() }
        let older = try SiteStoreTests.series(before, containing: SiteFixture.older)
        let olderLink = try FileManager.default.destinationOfSymbolicLink(atPath: fixture.site + "/" + older.folder)
        let untouched = fixture.site + "/" + SiteLayout.unitPage("市住建局") + ".html"
        let inode = try FileManager.default.attributesOfItem(atPath: untouched)[.systemFileNumber] as? UInt64
        // A tree abandoned by a build that stopped midway is cleared by the next one;
        // a file that only looks alike is not.
        try FileManager.default.createDirectory(
            atPath: fixture.folder + "/state/site.0badf00d/units", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: fixture.folder + "/state/site.notes"))
        // Nothing new: nothing to do.
        #expect(try await SiteStoreTests.updater(fixture).update() == nil)

        var third = SiteFixture.snapshots[SiteFixture.third]!
        third.entries[0].progress.append("海岛公园开园。")
        try await fixture.edit(
            SiteFixture.third, from: SiteFixture.snapshots[SiteFixture.third]!, to: third, at: "2024-12-01T02:00:00Z")
        let outcome = try #require(try await SiteStoreTests.updater(fixture, at: "2024-12-01T03:00:00Z").update())
        #expect(!outcome.full && outcome.seriesBuilt == 1 && outcome.monthsBuilt == 1)
        #expect(outcome.unitsBuilt == 4)  // the 2024 series' lead units, 市发改委 (edited report) among them
        let after = try #require(SiteBuild.currentManifest(fixture.site))
        #expect(after.months.first == "2024-12")
        // The other series keeps its folder; an untouched unit page is the same file.
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: fixture.site + "/" + older.folder) == olderLink)
        let parks = try fixture.file(SiteLayout.unitPage("市文广旅体局") + ".html")
        #expect(parks.contains("海岛公园开园。"))
        #expect(try fixture.file("changes/2024-12.html").contains("海岛公园开园。"))
        #expect(try fixture.file("changes/2024-11.html").contains("恢复解析"))  // carried over
        #expect(try FileManager.default.attributesOfItem(atPath: untouched)[.systemFileNumber] as? UInt64 == inode)
        // Only the series' links and their current folders remain.
        let parts = try FileManager.default.contentsOfDirectory(atPath: fixture.folder + "/state/site.series")
        #expect(
            Set(parts) == Set(after.series.values.flatMap { [String($0.folder.dropFirst("series/".count)), $0.parts] }))
        let trees = try FileManager.default.contentsOfDirectory(atPath: fixture.folder + "/state")
            .filter { $0.hasPrefix("site.") && $0 != "site.series" }
        #expect(
            trees.sorted()
                == [try FileManager.default.destinationOfSymbolicLink(atPath: fixture.site), "site.notes"].sorted())
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// What `govwatch serve` answers, and the nginx server block's syntax.
@Suite("Serving the reviewer site")
struct SiteServingTests {
    @Test func servesTheSiteFilesAndNothingElse() async throws {
        let (fixture, manifest) = try await SiteStoreTests.built()
        defer { fixture.remove() }
        let index = try #require(SiteFiles.find("/", in: fixture.site))
        #expect(index.path == fixture.site + "/index.html" && index.contentType == "text/html; charset=utf-8")
        let report = try SiteStoreTests.page(manifest, SiteFixture.half)
        #expect(SiteFiles.find("/" + report + "?from=index", in: fixture.site) != nil)  // through the series link
        #expect(SiteFiles.find("/search.html?q=%E6%B5%B7", in: fixture.site) != nil)
        #expect(SiteFiles.find("/.site.json", in: fixture.site) == nil)  // the manifest is not served
        #expect(SiteFiles.find("/../govwatch.sqlite", in: fixture.site) == nil)
        #expect(SiteFiles.find("/%2E%2E/govwatch.sqlite", in: fixture.site) == nil)
        #expect(SiteFiles.find("/series", in: fixture.site) == nil)
        #expect(SiteFiles.find("/missing.html", in: fixture.site) == nil)
    }

    /// `nginx -t` on the shipped server block inside a minimal http block.
    @Test func theNginxServerBlockIsValid() throws {
        let folder = NSTemporaryDirectory() + "nginx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let block = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Deploy/nginx/govwatch-site.conf").path
        let conf = """
            pid \(folder)/nginx.pid;
            error_log \(folder)/logs/error.log;
            events {}
            http { access_log off; include \(block); }
            """
        try conf.write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        process.arguments = ["-t", "-p", folder, "-c", folder + "/nginx.conf"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
        #expect(message.contains("syntax is ok"))
    }
}
