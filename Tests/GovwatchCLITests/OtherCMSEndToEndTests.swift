import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// Sources on other CMSs through `govwatch once`: a TRS list in pages
/// (its `createPageHTML` pager), a pager that loops, and the same reports
/// as an RSS and an Atom feed. Each: the baseline reads every page and
/// every report, a new report alerts once, an edit alerts once.
@Suite("govwatch once: paged lists and feeds", .serialized)
struct OtherCMSEndToEndTests {
    typealias Page = LinksSourceEndToEndTests

    static func source(_ url: String, _ extra: String) -> String {
        """
        [[sources]]
        name = "other"
        url = "\(url)"
        \(extra)
        interval = "1h"
        recheck_interval = "0s"
        recheck_window = "36500d"
        """
    }

    /// Five reports on three pages of two.
    static func fiveReports(_ site: SimulatedSite) {
        for day in 1...5 {
            site.publish(Page.article(day, "2022年重点工作任务第\(day)期进展情况", progress: ["推进中。", "推进中。"]))
        }
        site.setLinksPaging(perPage: 2)
    }

    static let match = #"match = '/trs/\d{6}/t\d{8}_\d+\.html$'"#

    /// A links source over the site's TRS list reading up to `pages` pages.
    static func pagedWorkspace(_ site: SimulatedSite, pages: Int, _ extra: String = "") throws -> Workspace {
        try Workspace(
            site: site, sources: source(site.linksURL, "type = \"links\"\n\(match)\npages = \(pages)\(extra)"))
    }

    /// Runs `once` and returns the kinds of the alerts it spooled.
    static func cycle(_ workspace: Workspace) throws -> [String?] {
        let run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        return try workspace.newAlerts().map { $0["kind"] as? String }
    }

    static func listingPaths(_ paths: some Sequence<String>) -> [String] {
        paths.filter { $0.hasPrefix("/trs/index") }
    }

    @Test func aPagedTRSListIsReadWhole() throws {
        let site = try SimulatedSite()
        Self.fiveReports(site)
        let workspace = try Self.pagedWorkspace(site, pages: 10)
        var run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        var alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["source.baseline"])
        let documents = (alerts.first?["documents"] as? [[String: Any]])?.compactMap { $0["url"] as? String }
        #expect(Set(documents ?? []) == Set((1...5).map { site.url(Page.path($0)) }))
        #expect(
            Self.listingPaths(site.requestedPaths) == ["/trs/index.html", "/trs/index_1.html", "/trs/index_2.html"])

        // A new report on top: the first page has it, the second nothing new, the third is not read.
        site.publish(Page.article(20, "2023年重点工作任务第一季度进展情况", progress: ["已开工。", "正在推进。"]))
        var before = site.requestedPaths.count
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.published"])
        #expect(Self.listingPaths(site.requestedPaths.dropFirst(before)) == ["/trs/index.html", "/trs/index_1.html"])

        // An edit on the last page, which the cycle no longer reads: the
        // report is still listed and rechecked, and its edit alerts once.
        site.edit(Page.path(1)) { article in
            article.html = Page.page(article.title, date: article.date, progress: ["推进中。", "已完成。"])
        }
        before = site.requestedPaths.count
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.changed"])
        #expect(alerts.first?["url"] as? String == site.url(Page.path(1)))
        #expect(Self.listingPaths(site.requestedPaths.dropFirst(before)) == ["/trs/index.html"])
    }

    /// A report taken off the first page is not mistaken for one on the
    /// pages not read: it is missing, its page answers 404, it is removed.
    @Test func aReportRemovedFromAPagedListIsNamed() throws {
        let site = try SimulatedSite()
        Self.fiveReports(site)
        let workspace = try Self.pagedWorkspace(site, pages: 10)
        #expect(try Self.cycle(workspace) == ["source.baseline"])

        site.edit(Page.path(4)) { article in
            article.listed = false
            article.status = 404
        }
        let before = site.requestedPaths.count
        let run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        let alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.removed"])
        #expect(alerts.first?["url"] as? String == site.url(Page.path(4)))
        // The first page (now 5, 3) had nothing new: the cycle read no other.
        #expect(Self.listingPaths(site.requestedPaths.dropFirst(before)) == ["/trs/index.html"])
    }

    /// `next = "index_{n}.html"` names the pages when the page does not,
    /// and a pager whose last page names the first is read once round.
    @Test func aTemplateNamesThePagesAndALoopEnds() throws {
        let site = try SimulatedSite()
        Self.fiveReports(site)
        site.setLinksPaging(perPage: 2, loops: true)
        let workspace = try Self.pagedWorkspace(site, pages: 100)
        var run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            Self.listingPaths(site.requestedPaths) == ["/trs/index.html", "/trs/index_1.html", "/trs/index_2.html"])
        #expect(try workspace.newAlerts().map { $0["kind"] as? String } == ["source.baseline"])

        let templated = try SimulatedSite()
        Self.fiveReports(templated)
        let other = try Self.pagedWorkspace(templated, pages: 100, "\nnext = \"index_{n}.html\"")
        run = try other.once()
        #expect(run.status == 0, "\(run.stderr)")
        // The template goes on past the last page: that page's 404 ends the reading, not the cycle.
        #expect(
            Self.listingPaths(templated.requestedPaths)
                == ["/trs/index.html", "/trs/index_1.html", "/trs/index_2.html", "/trs/index_3.html"])
        let documents = (try other.newAlerts().first?["documents"] as? [[String: Any]])?.count
        #expect(documents == 5)
    }

    @Test(arguments: [SimulatedSite.rssPath, SimulatedSite.atomPath])
    func aFeedGoesThroughTheCycle(path: String) throws {
        let site = try SimulatedSite()
        site.publish(Page.article(5, "2022年市政府工作报告重点工作任务全年完成情况", progress: ["已完成。", "已完成。"]))
        site.publish(Page.article(9, "2023年市政府工作报告重点工作任务责任分解", progress: ["", ""]))
        let workspace = try Workspace(site: site, sources: Self.source(site.url(path), "type = \"feed\""))
        var run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        var alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["source.baseline"])
        let documents = (alerts.first?["documents"] as? [[String: Any]])?.compactMap { $0["url"] as? String }
        #expect(Set(documents ?? []) == [site.url(Page.path(5)), site.url(Page.path(9))])

        site.publish(Page.article(20, "2023年市政府工作报告重点工作任务第一季度进展情况", progress: ["已开工。", "推进中。"]))
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.published"])
        #expect(alerts.first?["url"] as? String == site.url(Page.path(20)))

        site.edit(Page.path(20)) { article in
            article.html = Page.page(article.title, date: article.date, progress: ["已开工。", "已完成主体工程。"])
        }
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.changed"])
    }

    /// A feed larger than `max_body` (a 1 GB one is cut at the same limit,
    /// 8 MB by default) fails the source, naming the limit; nothing is
    /// stored, and the feed read again once it is small is a baseline.
    @Test func aFeedOverTheBodyLimitIsCutAndNamed() throws {
        let site = try SimulatedSite()
        for day in 1...28 {
            site.publish(
                Page.article(day, "2022年重点工作任务第\(day)期进展情况" + String(repeating: "附", count: 400), progress: ["推进中。"]))
        }
        // Keys before [[sources]] belong to the [http] table above them.
        let workspace = try Workspace(
            site: site,
            sources: "max_body = \"32KiB\"\n" + Self.source(site.url(SimulatedSite.rssPath), "type = \"feed\""))
        var run = try workspace.once()
        #expect(run.status == 75, "\(run.stderr)")
        #expect(run.stderr.contains("larger than max_body (32 KiB)"), "\(run.stderr)")
        #expect(try workspace.newAlerts().isEmpty)

        site.edit(Page.path(1)) { $0.listed = true }
        for day in 2...28 { site.edit(Page.path(day)) { $0.listed = false } }
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try workspace.newAlerts().map { $0["kind"] as? String } == ["source.baseline"])
    }
}
