import Foundation
import GovwatchCore
import GovwatchStore
import Testing

@testable import GovwatchPublish

/// The reviewer site built from a store (``SiteFixture``): every kind of
/// page, with what a reviewer must find on it; then a change rebuilds only
/// its own series, units and month.
@Suite("The reviewer site from a store")
struct SiteStoreTests {
    static func updater(_ fixture: SiteFixture, at time: String = "2024-11-08T04:00:00Z") -> SiteUpdater {
        var settings = SiteUpdater.Settings(
            directory: fixture.site, title: "政务公开监测提醒", time: .chinaStandardTime, sources: ["city", "district"])
        settings.sourceTitles = ["district": "某区政府信息公开"]  // city has none: its name is shown
        return SiteUpdater(store: fixture.store, settings: settings, now: { SiteFixture.at(time) })
    }

    static func built() async throws -> (SiteFixture, SiteManifest) {
        let fixture = try SiteFixture()
        try await fixture.record()
        let outcome = try await updater(fixture).rebuild()
        #expect(outcome.full && outcome.seriesBuilt == 2 && outcome.monthsBuilt == 5)
        return (fixture, try #require(SiteBuild.currentManifest(fixture.site)))
    }

    static func series(_ manifest: SiteManifest, containing url: String) throws -> SeriesRecord {
        try #require(manifest.series.values.first { $0.reports.contains { $0.url == url } })
    }

    static func page(_ manifest: SiteManifest, _ url: String) throws -> String {
        try #require(manifest.series.values.flatMap(\.reports).first { $0.url == url }).page
    }

    @Test func theIndexShowsChangesHealthSeriesAndUnits() async throws {
        let (fixture, manifest) = try await Self.built()
        defer { fixture.remove() }
        let index = try fixture.file("index.html")
        #expect(index.contains("<h1>政务公开监测提醒</h1>"))
        #expect(index.contains("连续3次失败，自2024-11-01 10:00起"))  // local time
        #expect(index.contains("<td class=\"ok\">正常</td><td>2024-11-07 10:00</td>"))
        #expect(index.contains("恢复解析") && index.contains("报告无法解析，保留上次内容"))
        #expect(index.contains("（责任分解）"))
        // The series of 2024 comes before 2023's, its reports newest first.
        let newest = try #require(index.range(of: "前三季度进展情况</a>"))
        let notice = try #require(index.range(of: "责任分解的通知</a>"))
        let older = try #require(index.range(of: "2023年市政府工作报告重点工作任务完成情况</a>"))
        #expect(newest.lowerBound < notice.lowerBound && notice.lowerBound < older.lowerBound)
        #expect(index.contains("href=\"changes/2024-11.html\">2024年11月</a>"))
        // Sources by their titles where they have one, never by a key the reviewer does not know.
        #expect(index.contains("<tr><td>某区政府信息公开</td><td class=\"failing\">"))
        #expect(index.contains("<span class=\"kind\">来源异常</span>某区政府信息公开"))
        #expect(index.contains("<tr><td>city</td>"))
        // The half-year report's edit leads to its first edited row.
        let park = SiteLayout.rowAnchor(SiteLayout.identity("推进海岛公园建设。"))
        #expect(index.contains("<a href=\"\(try Self.page(manifest, SiteFixture.half))#\(park)\">"))
        #expect(index.contains("href=\"\(SiteLayout.unitPage("市民政局(市慈善总会)")).html\">市民政局(市慈善总会)</a>"))
        #expect(manifest.months == ["2024-11", "2024-10", "2024-07", "2024-02", "2024-01"])
    }

    /// Each task of a report says how it moved since the report before
    /// (its new items marked), the page counts them, and each count shows
    /// only those rows (CSS :target, no script).
    @Test func aReportPageMarksWhatMovedSinceTheReportBefore() async throws {
        let (fixture, manifest) = try await Self.built()
        defer { fixture.remove() }
        let third = try fixture.file(try Self.page(manifest, SiteFixture.third))
        // Against the half-year report as edited: the park and charity tasks
        // moved; the housing task is listed again under its old text.
        #expect(
            third.contains(
                "较上一期：<a href=\"#only-moved\">有新进展2项</a>，进展未更新0项，<a href=\"#only-listed\">新列入1项</a>"))
        let park = SiteLayout.rowAnchor(SiteLayout.identity("推进海岛公园建设。"))
        #expect(third.contains("<tr class=\"row r-moved\" id=\"\(park)\">"))
        #expect(third.contains(">推进海岛公园建设。</a> <span class=\"mark moved\">新进展</span>"))
        #expect(third.contains("<li><ins>已建成4个。</ins></li><li><ins>新建成2个。</ins></li>"))
        #expect(third.contains(">建设未来社区5个。</a> <span class=\"mark listed\">新列入</span>"))
        #expect(third.contains("<li><ins>慈善基地建设运营督导完成第2次。</ins></li>"))
        #expect(third.contains("<p class=\"only\" id=\"only-moved\">只显示有新进展的2项任务。<a href=\"#\">显示全部3项</a></p>"))
        #expect(!third.contains("id=\"only-unchanged\""))  // no filter for an empty count
        // Pictures of both counts: inline SVG, each part's count in its legend.
        #expect(third.contains("<figure class=\"chart\"><figcaption>按状态</figcaption><svg viewBox=\"0 0 1000 24\""))
        #expect(third.contains("<title>滞后1项</title>") && third.contains("<span class=\"key c-unknown\"></span>未注明2项"))
        #expect(third.contains("<figcaption>较上一期</figcaption>") && third.contains("<title>有新进展2项</title>"))
        #expect(third.contains("<rect class=\"c-moved\" x=\"0.0\" y=\"0\" width=\"666.6\""))
        let index = try fixture.file(SiteLayout.index)
        #expect(index.contains("<figcaption>各期发布时间（2024年2月—2024年10月）</figcaption>"))
        #expect(index.contains("<title>前三季度</title>"))
    }

    /// An edit of one task leads from the index to the task's page; a new
    /// report, to the report.
    @Test func aChangeOnTheIndexLeadsToItsTask() {
        let old = SiteFixture.snapshots[SiteFixture.third]!
        var new = old
        new.entries[2].progress = ["慈善基地建设运营督导完成第3次。"]
        let factory = AlertFactory(source: "city", detectedAt: SiteFixture.at("2024-11-09T02:00:00Z"))
        let edited = factory.changed(
            url: SiteFixture.third, old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
        let page = "series/abc/def.html"
        let charity = SiteLayout.taskName(SiteLayout.identity("切实加强慈善工作。"))
        #expect(IndexPage.link(edited, reportPage: page) == "series/abc/" + charity)
        let published = factory.published(url: SiteFixture.third, snapshot: new, previous: nil)
        #expect(IndexPage.link(published, reportPage: page) == page)
    }

    /// Lagging tasks: the page lists each series' latest report's, the
    /// index counts them, and a unit's page counts its tasks by status.
    @Test func laggingTasksAreListedCountedAndShownPerUnit() async throws {
        let (fixture, manifest) = try await Self.built()
        defer { fixture.remove() }
        let lagging = try fixture.file(SiteLayout.lagging)
        #expect(lagging.contains("各系列最新一期报告中写明滞后的任务：1项，见于1个系列。"))
        let series = try Self.series(manifest, containing: SiteFixture.third)
        #expect(lagging.contains("<h2>\(series.title)</h2>"))
        #expect(lagging.contains(">建设未来社区5个。</a> <span class=\"status lagging\""))
        #expect(lagging.contains("报告所列状态：滞后"))
        #expect(lagging.contains("<a href=\"\(SiteLayout.unitPage("市建设局")).html\">市建设局</a>"))
        #expect(lagging.contains("<li>已开工3个。</li>"))
        // The other year's series has no status: it is not listed.
        #expect(!lagging.contains("2023年市政府工作报告重点工作任务完成情况"))
        let index = try fixture.file(SiteLayout.index)
        #expect(index.contains("<a href=\"lagging.html\">滞后任务</a>：各系列最新一期中1项"))
        let unit = try fixture.file(SiteLayout.unitPage("市建设局") + ".html")
        #expect(unit.contains("状态：滞后1项"))
        #expect(unit.contains("<span class=\"status lagging\""))
        // Its tasks by status over the series' reports: a bar per report.
        #expect(unit.contains("<figcaption>各期状态</figcaption><div class=\"hrow\"><span class=\"hlabel\">半年度</span>"))
        #expect(unit.contains("<title>半年度：未注明1项</title>") && unit.contains("<title>前三季度：滞后1项</title>"))
        let none = LaggingPage.page([], generatedAt: "2024-11-08 12:00")
        #expect(none.contains("写明滞后的任务：0项。") && none.contains("各系列最新一期报告中没有写明滞后的任务。"))
    }

    /// A unit written with its alias in brackets and without is one unit:
    /// one page with both spellings and all its tasks, once on the index.
    @Test func aUnitAndItsBracketedAliasAreOneUnit() async throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try await fixture.record()
        let url = "http://h/livelihood"
        let entry = ReportEntry(
            key: "l", number: "1", section: nil, task: "新建养老服务中心2个。", leadUnits: ["市民政局"],
            progress: ["已建成1个。"], extras: [:])
        let snapshot = SiteFixture.report(
            "2024年民生实事项目1-9月推进情况", "2024-10-15T10:00:00+08:00", kind: .progress, [entry])
        let alert = AlertFactory(source: "city", detectedAt: SiteFixture.at("2024-10-15T03:00:00Z")).published(
            url: url, snapshot: snapshot, previous: nil)
        try await fixture.commit("city", at: "2024-10-15T03:00:00Z", [url: snapshot], alerts: [alert])
        _ = try await Self.updater(fixture).rebuild()
        #expect(SiteLayout.unitPage("市民政局") == SiteLayout.unitPage("市民政局(市慈善总会)"))
        #expect(SiteLayout.unitPage("各县(区)政府") != SiteLayout.unitPage("各县政府"))  // (区) is no alias
        let page = try fixture.file(SiteLayout.unitPage("市民政局") + ".html")
        #expect(page.contains("<h1>市民政局</h1>"))
        #expect(page.contains("报告中也写作：市民政局(市慈善总会)"))
        #expect(page.contains("新建养老服务中心2个。") && page.contains("切实加强慈善工作。"))
        let index = try fixture.file(SiteLayout.index)
        #expect(index.contains(">市民政局</a>（3）") && !index.contains(">市民政局(市慈善总会)</a>"))
        let units = try fixture.file(SiteLayout.unitList)  // search finds it by either spelling
        #expect(units.contains("\"n\":\"市民政局 / 市民政局(市慈善总会)\""))
    }

    /// A series whose next report is late is marked 逾期 on the index,
    /// until the report is in; a source long without a new report says so.
    @Test func theIndexMarksOverdueSeriesAndQuietSources() async throws {
        let fixture = try SiteFixture()
        defer { fixture.remove() }
        try await fixture.record()
        let base = Self.updater(fixture, at: "2025-03-05T04:00:00Z")
        var settings = base.settings
        settings.quietAfterDays = 100
        let updater = SiteUpdater(
            store: fixture.store, settings: settings, now: { SiteFixture.at("2025-03-05T04:00:00Z") })
        _ = try await updater.rebuild()
        var index = try fixture.file(SiteLayout.index)
        #expect(
            index.contains(
                "<h3>2024年市政府工作报告重点工作任务进展情况 <span class=\"overdue\">逾期</span></h3>"
                    + "<p class=\"meta\">下一期（全年）应于2025-03-01前发布，已逾期4天</p>"))
        #expect(index.contains("<br><span class=\"meta\">已126天无新报告（最近一期发布于2024-10-30）</span>"))
        // The full-year report is in: no mark.
        let url = "http://h/full"
        let full = SiteFixture.report(
            "2024年市政府工作报告重点工作任务全年进展情况", "2025-03-04T10:00:00+08:00", kind: .progress, SiteFixture.entries(2))
        let alert = AlertFactory(source: "city", detectedAt: SiteFixture.at("2025-03-05T03:00:00Z")).published(
            url: url, snapshot: full, previous: nil)
        try await fixture.commit("city", at: "2025-03-05T03:00:00Z", [url: full], alerts: [alert])
        _ = try await updater.rebuild()
        index = try fixture.file(SiteLayout.index)
        #expect(
            !index.contains("class=\"overdue\"") && !index.contains("无新报告"),
            "\(index.split(separator: "\n").filter { $0.contains("overdue") || $0.contains("无新报告") })")
    }

    @Test func aReportPageListsEntriesEditsAndNeighbours() async throws {
        let (fixture, manifest) = try await Self.built()
        defer { fixture.remove() }
        let half = try fixture.file(try Self.page(manifest, SiteFixture.half))
        #expect(half.contains("上一期：<a href=\"\(SiteLayout.reportName(SiteFixture.notice)).html\""))
        #expect(half.contains("下一期：<a href=\"\(SiteLayout.reportName(SiteFixture.third)).html\""))
        #expect(half.contains("其中<a href=\"#only-edited\">2项发布后有修改</a>"))
        #expect(half.contains("<p class=\"only\" id=\"only-edited\">只显示发布后有修改的2项任务。"))
        // The report before is the assignment notice: nothing to have moved from.
        #expect(!half.contains("较上一期") && !half.contains("class=\"mark"))
        #expect(half.contains(">建设未来社区6个。</a> <a class=\"edited\""))
        #expect(half.contains("<li>已建成5个。</li>"))
        #expect(half.contains("配合：各县(区)政府"))
        #expect(half.contains("<td colspan=\"4\" class=\"section\">张三市长牵头重点工作</td>"))
        #expect(half.contains("<a href=\"http://h/h1\">查看原文</a>"))
        let path = fixture.site + "/" + String(try Self.page(manifest, SiteFixture.half).dropLast(5)) + ".csv"
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))  // the byte-order mark Excel needs
        let csv = String(decoding: bytes, as: UTF8.self)
        #expect(csv.contains("分组,序号,任务,牵头单位,配合单位,完成情况\r\n"))
        #expect(csv.contains("张三市长牵头重点工作,2,建设未来社区6个。,市建设局、市发改委,,已开工3个。\r\n"))
        // A report with a status column: each row's status, and the report's counts.
        #expect(!half.contains("class=\"status"))
        let third = try fixture.file(try Self.page(manifest, SiteFixture.third))
        #expect(third.contains("状态：滞后1项，未注明2项"))
        #expect(third.contains("<span class=\"status lagging\" title=\"报告所列状态：滞后\">滞后</span>"))
    }

    @Test func aTaskPageHasItsHistoryAndEveryEdit() async throws {
        let (fixture, manifest) = try await Self.built()
        defer { fixture.remove() }
        let series = try Self.series(manifest, containing: SiteFixture.half)
        let park = try fixture.file(series.folder + "/" + SiteLayout.taskName(SiteLayout.identity("推进海岛公园建设。")))
        #expect(park.contains("见于3期报告"))
        // The three-quarter report's new item is marked; the notice has none.
        #expect(park.contains("<li><ins>新建成2个。</ins></li>"))
        #expect(park.contains("无完成情况。"))
        #expect(park.contains("2024-11-05 09:30　修改　2024年市政府工作报告重点工作任务半年度进展情况"))
        #expect(park.contains("修改：已建成<del>4</del><ins>5</ins>个。"))
        let housing = try fixture.file(series.folder + "/" + SiteLayout.taskName(SiteLayout.identity("建设未来社区6个。")))
        #expect(housing.contains("牵头单位：市建设局、<ins>市发改委</ins>"))
        #expect(housing.contains("任务：建设未来社区<del>5</del><ins>6</ins>个。"))
    }

    @Test func aUnitPageShowsLatestProgressNewItemsAndStaleTasks() async throws {
        let (fixture, _) = try await Self.built()
        defer { fixture.remove() }
        let charity = try fixture.file(SiteLayout.unitPage("市民政局(市慈善总会)") + ".html")
        #expect(charity.contains("<ins>慈善基地建设运营督导完成第2次。</ins>"))
        #expect(!charity.contains("进展未更新</span>"))
        let parks = try fixture.file(SiteLayout.unitPage("市文广旅体局") + ".html")
        // Both items are new against the half-year report as edited (已建成5个).
        #expect(parks.contains("<li><ins>已建成4个。</ins></li><li><ins>新建成2个。</ins></li>"))
        // A unit that leads only in an edited report keeps a page: its tasks there.
        let planning = try fixture.file(SiteLayout.unitPage("市发改委") + ".html")
        #expect(planning.contains("见于：<a href=\"../") && planning.contains("建设未来社区6个。"))
        // The 2023 series' latest report as well as 2024's, newest first.
        // Each series is headed by its name: the title without its period.
        let charityYears = try #require(charity.range(of: "<h2>2024年市政府工作报告重点工作任务进展情况</h2>"))
        let earlier = try #require(charity.range(of: "<h2>2023年市政府工作报告重点工作任务完成情况</h2>"))
        #expect(charityYears.lowerBound < earlier.lowerBound)
        // The edit renamed the half-year's task (建设未来社区6个), so the
        // three-quarter report's 建设未来社区5个 follows the notice: not stale.
        let housing = try fixture.file(SiteLayout.unitPage("市建设局") + ".html")
        #expect(housing.contains("建设未来社区5个。") && !housing.contains("进展未更新</span>"))
        let csv = try fixture.file(SiteLayout.unitPage("市文广旅体局") + ".csv")
        #expect(csv.contains("推进海岛公园建设。,\"已建成4个。\n新建成2个。\",\r\n"))
    }

    @Test func theChangeLogHasAPagePerMonth() async throws {
        let (fixture, manifest) = try await Self.built()
        defer { fixture.remove() }
        let november = try fixture.file("changes/2024-11.html")
        #expect(november.contains("<h1>变更记录：2024年11月</h1>"))
        #expect(november.contains("<span class=\"kind\">恢复解析</span>"))
        #expect(november.contains("<span class=\"kind\">来源异常</span>"))
        #expect(november.contains("牵头单位：市建设局、<ins>市发改委</ins>"))
        #expect(november.contains("href=\"../\(try Self.page(manifest, SiteFixture.half))\""))
        #expect(november.contains("页面中找不到任务表格或任务清单"))
        #expect(!november.contains("no report table"))
        let feed = try fixture.file("feed.atom")
        #expect(feed.contains("<title>政务公开监测提醒</title>") && feed.contains("恢复解析"))
    }
}
