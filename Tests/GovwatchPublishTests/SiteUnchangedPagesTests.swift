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
        let before = (try Self.inode(untouched), try Self.inode(edited))
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
        // Built whole again with nothing new: untouched pages stay linked,
        // and the index says when the site was built.
        _ = try await SiteStoreTests.updater(fixture, at: "2024-11-12T04:00:00Z").rebuild()
        #expect(try Self.inode(untouched) == before.0)
        #expect(try fixture.file("index.html").contains("生成时间 2024-11-12"))

        // The same store built whole into another folder, a day later again.
        var settings = SiteUpdater.Settings(
            directory: fixture.folder + "/full/site", title: "政务公开监测提醒", time: .chinaStandardTime,
            sources: ["city", "district"])
        settings.sourceTitles = ["district": "某区政府信息公开"]
        _ = try await SiteUpdater(store: fixture.store, settings: settings) { SiteFixture.at("2024-11-10T04:00:00Z") }
            .rebuild()
        let updated = fixture.site + "/" + series.folder
        let whole = settings.directory + "/" + series.folder
        let names = Self.files(updated)
        #expect(names.count > 2 * SiteLongSeriesTests.count && names == Self.files(whole))
        for name in names {
            let ours = try SystemCallReading.bytes(updated + "/" + name)
            let theirs = try SystemCallReading.bytes(whole + "/" + name)
            // The workbook is a zip that holds the time it was made.
            if name.hasSuffix(".xlsx") { continue }
            let same = SiteWriter.sameButFooter(ours, theirs)
            #expect(same, "\(name) differs from the full build's")
        }
        for unit in ["市文广旅体局", "市建设局"] {
            let page = SiteLayout.unitPage(unit) + ".html"
            let same = SiteWriter.sameButFooter(
                try SystemCallReading.bytes(fixture.site + "/" + page),
                try SystemCallReading.bytes(settings.directory + "/" + page))
            #expect(same, "\(page) differs from the full build's")
        }
    }
}

/// A file's bytes, for comparing two sites.
enum SystemCallReading {
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return [UInt8](data)
    }
}
