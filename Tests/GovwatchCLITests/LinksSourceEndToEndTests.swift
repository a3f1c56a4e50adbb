import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// A site on another CMS: a list page of report links among navigation,
/// footer and off-site links, articles whose report sits in VSB's
/// `#vsb_content` beside a sidebar table. Through `govwatch once` with `type = "links"`: the
/// baseline reads only the matching links, then a new report and an edit
/// each alert once. A JCMS column pointed at the same page fails and says
/// what to set.
@Suite("govwatch once: a links source on a TRS site", .serialized)
struct LinksSourceEndToEndTests {
    static func path(_ day: Int) -> String { "/trs/202301/t202301\(String(format: "%02d", day))_\(day).html" }

    /// A TRS-style article (title, a date line, the report table in
    /// `.TRS_Editor`) or, `vsb`, a VSB one: the table in `#vsb_content`,
    /// beside a sidebar table of the same shape that is not the report.
    static func page(_ title: String, date: String, progress: [String], vsb: Bool = false) -> String {
        let rows = progress.enumerated().map { index, text in
            "<tr><td>\(index + 1)</td><td>重点工作任务第\(index + 1)项。</td><td>市发改委</td><td>\(text)</td></tr>"
        }
        let header = "<tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成情况</td></tr>"
        let table = "<table border=\"1\">\(header)\n\(rows.joined(separator: "\n"))</table>"
        let body =
            vsb
            ? """
            <form name="_newscontent_fromname"><div id="vsb_content"><div class="v_news_content">\(table)</div></div></form>
            <div class="side"><table>\(header)<tr><td>1</td><td>另一篇的任务。</td><td>市财政局</td><td>推进中。</td></tr></table></div>
            """
            : "<div class=\"TRS_Editor\">\(table)</div>"
        return """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(title)</title></head><body>
            <div class="nav"><a href="/">首页</a></div>
            <h1 class="title">\(title)</h1><div class="info">发布时间：\(date) 09:30　来源：市政府办公室</div>
            \(body)</body></html>
            """
    }

    static func article(_ day: Int, _ title: String, progress: [String], vsb: Bool = false) -> SiteArticle {
        let date = "2023-01-\(String(format: "%02d", day))"
        return SiteArticle(
            path: path(day), title: title, date: date, html: page(title, date: date, progress: progress, vsb: vsb))
    }

    static func source(_ site: SimulatedSite) -> String {
        """
        [[sources]]
        name = "trs"
        url = "\(site.linksURL)"
        type = "links"
        match = '/trs/\\d{6}/t\\d{8}_\\d+\\.html$'
        interval = "1h"
        recheck_interval = "0s"
        recheck_window = "36500d"
        """
    }

    @Test func baselineNewReportAndEditEachAlertOnce() throws {
        let site = try SimulatedSite()
        site.publish(
            Self.article(5, "2022年市政府工作报告重点工作任务全年完成情况", progress: ["已完成。", "已完成。"], vsb: true))
        site.publish(Self.article(9, "2023年市政府工作报告重点工作任务责任分解", progress: ["", ""], vsb: true))
        let workspace = try Workspace(site: site, sources: Self.source(site))
        var run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        var alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["source.baseline"])
        // Only the two report links: not the navigation, the footer, the next page or another site.
        let documents = (alerts.first?["documents"] as? [[String: Any]])?.compactMap { $0["url"] as? String }
        #expect(Set(documents ?? []) == [site.url(Self.path(5)), site.url(Self.path(9))])
        #expect((alerts.first?["summary"] as? String)?.contains("已记录2篇文档") == true)

        site.publish(
            Self.article(20, "2023年市政府工作报告重点工作任务第一季度进展情况", progress: ["已开工。", "正在推进。"], vsb: true))
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.published"])
        #expect(alerts.first?["url"] as? String == site.url(Self.path(20)))

        site.edit(Self.path(20)) { article in
            article.html = Self.page(
                article.title, date: article.date, progress: ["已开工。", "已完成主体工程。"], vsb: true)
        }
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.changed"])
        let changes = try JSONSerialization.data(withJSONObject: alerts.first?["changes"] ?? [])
        #expect(String(decoding: changes, as: UTF8.self).contains("已完成主体工程"))
        #expect(try workspace.logLines().count == 3)
    }

    @Test func aColumnSourceOnThisPageFailsAndSaysWhatToSet() throws {
        let site = try SimulatedSite()
        site.publish(Self.article(5, "2022年市政府工作报告重点工作任务全年完成情况", progress: ["已完成。"]))
        let workspace = try Workspace(
            site: site,
            sources: """
                [[sources]]
                name = "trs"
                url = "\(site.linksURL)"
                type = "column"
                """)
        let run = try workspace.once()
        #expect(run.status == 75, "\(run.stderr)")
        #expect(run.stderr.contains("set type = \"links\" with match"), "\(run.stderr)")
    }

    /// `config check --fetch` shows what `match` takes on the page now, and
    /// names a pattern that takes nothing (exit 65) before the daemon runs.
    @Test func configCheckFetchShowsWhatMatchTakes() throws {
        let site = try SimulatedSite()
        site.publish(Self.article(5, "2022年市政府工作报告重点工作任务全年完成情况", progress: ["已完成。"]))
        site.publish(Self.article(9, "2023年市政府工作报告重点工作任务责任分解", progress: [""]))
        let workspace = try Workspace(site: site, sources: Self.source(site))
        var run = try GovwatchBinary.run(["config", "check", "--fetch", workspace.configURL.path])
        #expect(run.status == 0, "\(run.stderr)")
        // 2 report links of 7: navigation (3), 下一页, the footer.
        #expect(
            run.stdout.contains(
                "  trs: 2 of the page's 7 links match; newest: 2023年市政府工作报告重点工作任务责任分解 (2023-01-09) "
                    + site.url(Self.path(9))),
            "\(run.stdout)")

        let text = try String(contentsOf: workspace.configURL, encoding: .utf8)
        try text.replacingOccurrences(of: #"/trs/\d{6}/"#, with: "/reports/").write(
            to: workspace.configURL, atomically: true, encoding: .utf8)
        run = try GovwatchBinary.run(["config", "check", "--fetch", workspace.configURL.path])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stdout.contains("  trs: no listing: none of the page's 7 links matches match = "), "\(run.stdout)")
    }

    /// A report with a status column: a task's status moving from 序时推进
    /// to 滞后 is one changed alert that names it.
    @Test func aStatusChangeAlertsOnceAndIsNamed() throws {
        func page(_ status: String) -> String {
            """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>2023年重点工作任务1-9月进展情况</title></head><body>
            <h1>2023年重点工作任务1-9月进展情况</h1><div class="info">发布时间：2023-10-20 09:30</div>
            <div class="TRS_Editor"><table border="1">
            <tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成情况</td><td>完成状态</td></tr>
            <tr><td>1</td><td>新建城市书房10个。</td><td>市文广旅体局</td><td>已建成8个。</td><td>序时推进</td></tr>
            <tr><td>2</td><td>新开工亿元以上项目120个。</td><td>市发改委</td><td>已开工72个。</td><td>\(status)</td></tr>
            </table></div></body></html>
            """
        }
        let site = try SimulatedSite()
        site.publish(
            SiteArticle(path: Self.path(20), title: "2023年重点工作任务1-9月进展情况", date: "2023-01-20", html: page("序时推进")))
        let workspace = try Workspace(site: site, sources: Self.source(site))
        var run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try workspace.newAlerts().map { $0["kind"] as? String } == ["source.baseline"])

        site.edit(Self.path(20)) { $0.html = page("滞后") }
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        let alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.changed"])
        #expect((alerts.first?["summary"] as? String)?.hasSuffix("1项修改；第2项状态：序时推进 → 滞后") == true)
        let change = (alerts.first?["changes"] as? [[String: Any]])?.first
        let after = change?["after"] as? [String: Any]
        #expect((after?["status"] as? [String: String]) == ["class": "lagging", "text": "滞后", "from": "column"])
    }

    /// A page misread (its 完成情况 column holds a status, its 工作进展 the
    /// progress) is fixed by `[sources.columns]`: the next cycle reads every
    /// report again and raises nothing; later edits alert on the right column.
    @Test func columnsFixAMisreadPageWithoutAnAlert() throws {
        func page(_ progress: String) -> String {
            """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>2023年重点工作推进情况</title></head><body>
            <h1>2023年重点工作推进情况</h1><div class="info">发布时间：2023-10-20 09:30</div>
            <div class="TRS_Editor"><table border="1">
            <tr><td>序号</td><td>工作任务</td><td>责任部门</td><td>完成情况</td><td>工作进展</td></tr>
            <tr><td>1</td><td>新建城市书房10个。</td><td>市文广旅体局</td><td>序时推进</td><td>\(progress)</td></tr>
            </table></div></body></html>
            """
        }
        let site = try SimulatedSite()
        site.publish(SiteArticle(path: Self.path(20), title: "2023年重点工作推进情况", date: "2023-01-20", html: page("已建成8个。")))
        let workspace = try Workspace(site: site, sources: Self.source(site))
        var run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try workspace.newAlerts().map { $0["kind"] as? String } == ["source.baseline"])

        let fixed =
            try String(contentsOf: workspace.configURL, encoding: .utf8)
            + "\n[sources.columns]\nstatus = \"完成情况\"\nprogress = \"工作进展\"\n"
        try fixed.write(to: workspace.configURL, atomically: true, encoding: .utf8)
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try workspace.newAlerts().isEmpty)

        site.edit(Self.path(20)) { $0.html = page("已建成10个。") }
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        let alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.changed"])
        let change = (alerts.first?["changes"] as? [[String: Any]])?.first
        #expect((change?["before"] as? [String: Any])?["progress"] as? [String] == ["已建成8个。"])
        #expect((change?["after"] as? [String: Any])?["progress"] as? [String] == ["已建成10个。"])
    }
}
