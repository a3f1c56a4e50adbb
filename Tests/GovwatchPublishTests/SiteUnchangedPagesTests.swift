import Foundation
import GovwatchCore
import Testing

@testable import GovwatchPublish

/// A page a build renders as the site already has it (but for the time in
/// its footer) is linked from the current folder, not written again; the
/// site an update leaves must still be, file for file, the one a full
/// build writes.
@Suite("Unchanged pages linked, not rewritten")
struct SiteUnchangedPagesTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func onlyTheFootersTimeMayDiffer() {
        let page = "<html><body><p>任务</p>\n<footer>生成时间 2024-11-08 12:00</footer>\n</body></html>\n"
        let later = page.replacingOccurrences(of: "2024-11-08 12:00", with: "2024-11-09 08:30")
        #expect(SiteWriter.sameButFooter(Self.bytes(page), Self.bytes(page)))
        #expect(SiteWriter.sameButFooter(Self.bytes(page), Self.bytes(later)))
        #expect(!SiteWriter.sameButFooter(Self.bytes(page), Self.bytes(page.replacingOccurrences(of: "任务", with: "任"))))
        #expect(!SiteWriter.sameButFooter(Self.bytes(page), Self.bytes(later + " ")))
        #expect(!SiteWriter.sameButFooter(Self.bytes(later + "x"), Self.bytes(page)))
        // A page cut off inside its footer, or one that lost it.
        #expect(!SiteWriter.sameButFooter(Self.bytes(String(page.prefix(40))), Self.bytes(page)))
        let bare = "<html><body><p>任务</p></body></html>\n"
        #expect(!SiteWriter.sameButFooter(Self.bytes(bare), Self.bytes(page)))
        #expect(!SiteWriter.sameButFooter(Self.bytes(page), Self.bytes(bare)))
        // Without a footer (CSV, JSON) every byte counts.
        #expect(SiteWriter.sameButFooter(Self.bytes("a,b\r\n"), Self.bytes("a,b\r\n")))
        #expect(!SiteWriter.sameButFooter(Self.bytes("a,b\r\n"), Self.bytes("a,c\r\n")))
    }

    static func inode(_ path: String) throws -> UInt64 {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    /// The files under `root` (through links), by path from it.
    static func files(_ link: String) -> [String] {
        let root = URL(fileURLWithPath: link).resolvingSymlinksInPath().path
        let enumerator = FileManager.default.enumerator(atPath: root)
        return (enumerator?.allObjects as? [String] ?? []).filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }

    @Test func anUpdateLinksWhatItLeavesAsItWasAndWritesWhatAFullBuildWrites() async throws {
        let (fixture, _, series) = try await SiteLongSeriesTests.built()
        defer { fixture.remove() }
        let untouched = fixture.site + "/" + series.reports[9].page
        let edited = fixture.site + "/" + series.reports[1].page
        let workbook = fixture.site + "/" + series.folder + "/" + SiteLayout.workbook
        let before = (try Self.inode(untouched), try Self.inode(edited), try Self.inode(workbook))
        let digests = fixture.site + "/" + series.folder + "/" + SiteLayout.taskDigests
        let tasksBefore = TaskDigests(text: try String(contentsOfFile: digests, encoding: .utf8)).byName
        var report = SiteLongSeriesTests.report(2)
        report.entries[1].progress = ["已开工2个，另有1个完成设计。"]
        try await fixture.edit(
            SiteLongSeriesTests.url(2), from: SiteLongSeriesTests.report(2), to: report, at: "2026-01-01T00:00:00Z")
        // A day later than the first build: every footer's time differs.
        let outcome = try #require(try await SiteStoreTests.updater(fixture, at: "2024-11-09T04:00:00Z").update())
        #expect(!outcome.full && outcome.seriesBuilt == 1)
        #expect(try Self.inode(untouched) == before.0)
        #expect(try Self.inode(edited) != before.1)
        #expect(try fixture.file(series.reports[1].page).contains("另有1个完成设计"))
        #expect(try fixture.file(series.reports[1].page).contains("生成时间 2024-11-09"))
        #expect(try fixture.file(series.reports[9].page).contains("生成时间 2024-11-08"))
        // What the task pages were made from is kept with the site: the
        // housing task's page (an edit to it is listed there) is made anew,
        // the park task's is kept.
        let tasksAfter = TaskDigests(text: try String(contentsOfFile: digests, encoding: .utf8)).byName
        let housing = SiteLayout.taskName(SiteLayout.identity(SiteLongSeriesTests.report(2).entries[1].task))
        #expect(tasksBefore.count == 2 && Set(tasksAfter.keys) == Set(tasksBefore.keys))
        #expect(tasksAfter.filter { tasksBefore[$0.key] != $0.value }.map(\.key) == [housing])
        // The workbook holds the latest reports only: an edit to one older
        // than them and the one before them leaves it as it was, linked.
        #expect(try Self.inode(workbook) == before.2)
        // Built whole again with nothing new: untouched pages stay linked,
        // and the index says when the site was built.
        _ = try await SiteStoreTests.updater(fixture, at: "2024-11-12T04:00:00Z").rebuild()
        #expect(try Self.inode(untouched) == before.0)
        #expect(try fixture.file("index.html").contains("生成时间 2024-11-12"))

        // The same store built whole into another folder, a day later again.
        let full = try await Self.builtWhole(fixture)
        let updated = fixture.site + "/" + series.folder
        let whole = full + "/" + series.folder
        let names = Self.files(updated)
        #expect(names.count > 2 * SiteLongSeriesTests.count && names == Self.files(whole))
        // The workbook is a zip that holds the time it was made: the
        // sheets of the one kept are those the full build wrote.
        for name in names where !name.hasSuffix(".xlsx") {
            let same = try Self.timeless(updated + "/" + name) == Self.timeless(whole + "/" + name)
            #expect(same, "\(name) differs from the full build's")
        }
        let sheets = try Self.sheets(updated + "/" + SiteLayout.workbook)
        let written = try Self.sheets(whole + "/" + SiteLayout.workbook)
        #expect(sheets.contains("推进海岛公园建设") && sheets == written)
        for unit in ["市文广旅体局", "市建设局"] {
            let page = SiteLayout.unitPage(unit) + ".html"
            let same = try Self.timeless(fixture.site + "/" + page) == Self.timeless(full + "/" + page)
            #expect(same, "\(page) differs from the full build's")
        }
    }

    /// An edit to a report the workbook has a sheet for writes it anew,
    /// with the edit in it, and records a new digest.
    @Test func anEditToALatestReportWritesTheWorkbook() async throws {
        let (fixture, _, series) = try await SiteLongSeriesTests.built()
        defer { fixture.remove() }
        let workbook = fixture.site + "/" + series.folder + "/" + SiteLayout.workbook
        let before = try Self.inode(workbook)
        let digest = try #require(SiteBuild.currentManifest(fixture.site)?.series[series.key]?.workbookInputs)
        let month = SiteLongSeriesTests.count
        var report = SiteLongSeriesTests.report(month)
        report.entries[1].progress = ["已开工3个，另有2个完成设计。"]
        try await fixture.edit(
            SiteLongSeriesTests.url(month), from: SiteLongSeriesTests.report(month), to: report,
            at: "2026-01-01T00:00:00Z")
        _ = try #require(try await SiteStoreTests.updater(fixture, at: "2024-11-09T04:00:00Z").update())
        #expect(try Self.inode(workbook) != before)
        let after = try #require(SiteBuild.currentManifest(fixture.site)?.series[series.key]?.workbookInputs)
        #expect(after != digest)
        #expect(try Self.sheets(workbook).contains("另有2个完成设计"))
    }

    /// A site whose manifest has no workbook digest (written before
    /// workbooks were kept) has its workbook written, and then recorded.
    @Test func aManifestWithoutAWorkbookDigestWritesTheWorkbook() async throws {
        let (fixture, _, series) = try await SiteLongSeriesTests.built()
        defer { fixture.remove() }
        var manifest = try #require(SiteBuild.currentManifest(fixture.site))
        manifest.series[series.key]?.workbookInputs = nil
        try Data(SiteJSON.string(manifest).utf8).write(
            to: URL(fileURLWithPath: fixture.site + "/" + SiteLayout.manifest))
        let workbook = fixture.site + "/" + series.folder + "/" + SiteLayout.workbook
        let before = try Self.inode(workbook)
        var report = SiteLongSeriesTests.report(2)
        report.entries[1].progress = ["已开工2个，另有1个完成设计。"]
        try await fixture.edit(
            SiteLongSeriesTests.url(2), from: SiteLongSeriesTests.report(2), to: report, at: "2026-01-01T00:00:00Z")
        _ = try #require(try await SiteStoreTests.updater(fixture, at: "2024-11-09T04:00:00Z").update())
        #expect(try Self.inode(workbook) != before)
        #expect(SiteBuild.currentManifest(fixture.site)?.series[series.key]?.workbookInputs != nil)
    }

    /// A workbook's sheets and their names (its `xl/` parts), without
    /// the properties that say when it was written.
    static func sheets(_ path: String) throws -> String {
        let script = """
            import sys, zipfile
            book = zipfile.ZipFile(sys.argv[1])
            print("".join(book.read(name).decode() for name in sorted(book.namelist()) if name.startswith("xl/")))
            """
        return try SiteFilesTests.run("/usr/bin/python3", ["-c", script, path])
    }

    /// The fixture's store built whole into another folder, as the
    /// fixture's updater would but a day later; returns the site's path.
    static func builtWhole(_ fixture: SiteFixture) async throws -> String {
        var settings = SiteUpdater.Settings(
            directory: fixture.folder + "/full/site", title: "政务公开监测提醒", time: .chinaStandardTime,
            sources: ["city", "district"])
        settings.sourceTitles = ["district": "某区政府信息公开"]
        _ = try await SiteUpdater(store: fixture.store, settings: settings) { SiteFixture.at("2024-11-10T04:00:00Z") }
            .rebuild()
        return settings.directory
    }

    /// A file's text with the time in its footer blanked (the one thing a
    /// linked page may say otherwise), found here without the writer's help.
    static func timeless(_ path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.replacingOccurrences(
            of: "<footer>生成时间 [0-9: -]+</footer>", with: "<footer></footer>", options: .regularExpression)
    }

    /// Only HTML pages may differ in their footer: a CSV holds report
    /// text as it is, `<footer>` included. And a path written twice in one
    /// build must leave the file it was first linked to alone.
    @Test func otherFilesAreLinkedOnlyWhenTheyAreTheSame() throws {
        let folder = NSTemporaryDirectory() + "unchanged-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/new", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func put(_ text: String, _ name: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let csv = "任务,完成情况\r\n建设,<footer>已开工3个</footer>\r\n"
        try put(csv, "old.csv")
        let changed = csv.replacingOccurrences(of: "3个", with: "4个")
        try SiteWriter.writePage(Self.bytes(changed), to: folder + "/new/a.csv", previous: folder + "/old.csv")
        #expect(try String(contentsOfFile: folder + "/new/a.csv", encoding: .utf8) == changed)
        try SiteWriter.writePage(Self.bytes(csv), to: folder + "/new/b.csv", previous: folder + "/old.csv")
        #expect(try Self.inode(folder + "/new/b.csv") == Self.inode(folder + "/old.csv"))

        let page = "<p>任务</p>\n<footer>生成时间 2024-11-08 12:00</footer>\n</body></html>\n"
        try put(page, "old.html")
        let later = page.replacingOccurrences(of: "11-08", with: "11-09")
        try SiteWriter.writePage(Self.bytes(later), to: folder + "/new/c.html", previous: folder + "/old.html")
        #expect(try Self.inode(folder + "/new/c.html") == Self.inode(folder + "/old.html"))
        // Written again in the same build: a new file, the linked one untouched.
        try SiteWriter.writePage(Self.bytes("<p>别的</p>"), to: folder + "/new/c.html", previous: nil)
        #expect(try String(contentsOfFile: folder + "/old.html", encoding: .utf8) == page)
        #expect(try String(contentsOfFile: folder + "/new/c.html", encoding: .utf8) == "<p>别的</p>")
    }
}
