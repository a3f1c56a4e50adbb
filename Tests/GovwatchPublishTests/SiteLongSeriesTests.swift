import Foundation
import GovwatchCore
import GovwatchStore
import Testing

@testable import GovwatchPublish

/// A series longer than a task page shows in full (``SeriesModel/window``),
/// built a few reports at a time: every report has its page, every link
/// resolves, a task page shows its latest appearances with the older ones
/// as links, and an edit to an old report reaches its page and its task.
@Suite("A long series built in pieces")
struct SiteLongSeriesTests {
    static let count = SeriesModel.window + 6

    static func url(_ month: Int) -> String { "http://h/m\(month)" }

    /// Month `n`'s report: the park task gains an item each month, the
    /// housing task's progress stops moving after month 3.
    static func report(_ month: Int) -> DocumentSnapshot {
        let park = ReportEntry(
            key: "a", number: "1", section: nil, task: "推进海岛公园建设。", leadUnits: ["市文广旅体局"],
            progress: (1...month).map { "第\($0)月建成1个。" }, extras: [:])
        let housing = ReportEntry(
            key: "b", number: "2", section: nil, task: "建设未来社区5个。", leadUnits: ["市建设局"],
            progress: ["已开工\(min(month, 3))个。"], extras: [:])
        var snapshot = DocumentSnapshot(title: "2024年市政府工作报告重点工作任务1-\(month)月完成情况", entries: [park, housing])
        snapshot.publishedAt = Timestamp(epochSeconds: 1_700_000_000 + Double(month) * 86_400).rfc3339
        return snapshot
    }

    static func built() async throws -> (SiteFixture, SiteUpdater, SeriesRecord) {
        let fixture = try SiteFixture()
        for month in 1...count {
            let time = Timestamp(epochSeconds: 1_700_000_000 + Double(month) * 86_400).rfc3339
            let alert = AlertFactory(source: "city", detectedAt: SiteFixture.at(time)).published(
                url: url(month), snapshot: report(month), previous: nil)
            try await fixture.commit("city", at: time, [url(month): report(month)], alerts: [alert])
        }
        let updater = SiteStoreTests.updater(fixture)
        let outcome = try await updater.rebuild()
        #expect(outcome.seriesBuilt == 1)
        let manifest = try #require(SiteBuild.currentManifest(fixture.site))
        let series = try #require(manifest.series.values.first)
        #expect(series.reports.map(\.url) == (1...count).map(url))
        return (fixture, updater, series)
    }

    @Test func everyReportHasItsPageAndTheTaskPageLinksTheOlderOnes() async throws {
        let (fixture, _, series) = try await Self.built()
        defer { fixture.remove() }
        for (index, report) in series.reports.enumerated() {
            let page = try fixture.file(report.page)
            #expect(page.contains("第\(index + 1)月建成1个。"), "\(report.url)")
        }
        let park = try fixture.file(series.folder + "/" + SiteLayout.taskName(SiteLayout.identity("推进海岛公园建设。")))
        #expect(park.contains("见于\(Self.count)期报告"))
        #expect(park.contains("最近\(SeriesModel.window)期的进展列在其后"))
        // The six oldest as links, the latest in full with its new item marked.
        for month in 1...6 {
            #expect(park.contains("1-\(month)月完成情况</a>（第1项）"), "month \(month)")
        }
        // Under their year (all in November 2023), open: it is the latest.
        #expect(park.contains("更早的6期按发布年份分组列出"))
        #expect(park.contains("<details class=\"earlier\" open><summary>2023年（6期）</summary>"))
        #expect(park.contains("<ins>第\(Self.count)月建成1个。</ins>"))
        #expect(!park.contains("1-6月完成情况</a></h3>") && park.contains("1-7月完成情况</a></h3>"))
        #expect(try SiteFilesTests.brokenLinks(fixture.site) == [])
        let unit = try fixture.file(SiteLayout.unitPage("市建设局") + ".html")
        #expect(unit.contains("进展未更新"))
    }

    @Test func anEditToAnOldReportReachesItsPageAndTask() async throws {
        let (fixture, updater, series) = try await Self.built()
        defer { fixture.remove() }
        var edited = Self.report(2)
        edited.entries[1].progress = ["已开工2个，另有1个完成设计。"]
        try await fixture.edit(Self.url(2), from: Self.report(2), to: edited, at: "2026-01-01T00:00:00Z")
        let outcome = try #require(try await updater.update())
        #expect(!outcome.full && outcome.seriesBuilt == 1)
        let page = try fixture.file(series.reports[1].page)
        #expect(page.contains("已开工2个，另有1个完成设计。") && page.contains("发布后修改1次"))
        let housing = try fixture.file(series.folder + "/" + SiteLayout.taskName(SiteLayout.identity("建设未来社区5个。")))
        #expect(housing.contains("2024年市政府工作报告重点工作任务1-2月完成情况</h3>"))
        #expect(try SiteFilesTests.brokenLinks(fixture.site) == [])
    }
}

extension SiteLongSeriesTests {
    /// The workbook holds a sheet for each of the series' latest
    /// ``SeriesModel/window`` reports, oldest first (none is made for an
    /// older report).
    @Test func theWorkbookHasTheLatestReportsSheets() async throws {
        let (fixture, _, series) = try await Self.built()
        defer { fixture.remove() }
        let script = """
            import re, sys, zipfile
            workbook = zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode()
            print(" ".join(re.findall(r'<sheet name="([^"]*)"', workbook)))
            """
        let path = fixture.site + "/" + series.folder + "/" + SiteLayout.workbook
        let names = try SiteFilesTests.run("/usr/bin/python3", ["-c", script, path])
        let months = (Self.count - SeriesModel.window + 1)...Self.count
        #expect(names == months.map { "1-\($0)月" }.joined(separator: " ") + "\n")
    }

    /// Edits are listed newest first by when they were made, whichever
    /// report they were made to.
    @Test func editsAreNewestFirstAcrossReports() async throws {
        let (fixture, updater, series) = try await Self.built()
        defer { fixture.remove() }
        for (month, time) in [(28, "2026-01-01T00:00:00Z"), (26, "2026-02-01T00:00:00Z")] {
            var edited = Self.report(month)
            edited.entries[1].progress = ["已开工3个，第\(month)月修改。"]
            try await fixture.edit(Self.url(month), from: Self.report(month), to: edited, at: time)
            _ = try await updater.update()
        }
        let housing = try fixture.file(series.folder + "/" + SiteLayout.taskName(SiteLayout.identity("建设未来社区5个。")))
        let newer = try #require(housing.range(of: "1-26月完成情况</h3>"))
        let older = try #require(housing.range(of: "1-28月完成情况</h3>"))
        #expect(newer.lowerBound < older.lowerBound)
    }
}

/// A unit that leads tasks in more series than its page shows
/// (``SiteBuild/unitSeriesShown``): the newest series, and how many older.
@Suite("A unit of many series")
struct SiteManySeriesTests {
    @Test func aUnitPageShowsItsNewestSeriesAndCountsTheOlder() async throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        let years = 2001...(2000 + SiteBuild.unitSeriesShown + 2)
        for year in years {
            let time = "\(year)-12-30T02:00:00Z"
            let park = ReportEntry(
                key: "a", number: "1", section: nil, task: "推进海岛公园建设（\(year)年）。", leadUnits: ["市文广旅体局"],
                progress: ["已建成\(year - 2000)个。"], extras: [:])
            var snapshot = DocumentSnapshot(title: "\(year)年市政府工作报告重点工作任务完成情况", entries: [park])
            snapshot.publishedAt = time
            try await fixture.commit("city", at: time, ["http://h/\(year)": snapshot], alerts: [])
        }
        let outcome = try await SiteStoreTests.updater(fixture).rebuild()
        #expect(outcome.seriesBuilt == years.count)
        let unit = try fixture.file(SiteLayout.unitPage("市文广旅体局") + ".html")
        #expect(unit.contains("这里列出最近\(SiteBuild.unitSeriesShown)个系列；另有2个更早的系列"))
        #expect(unit.contains("推进海岛公园建设（\(years.upperBound)年）。"))
        #expect(!unit.contains("推进海岛公园建设（2002年）。") && !unit.contains("推进海岛公园建设（2001年）。"))
        #expect(try SiteFilesTests.brokenLinks(fixture.site) == [])
    }
}
