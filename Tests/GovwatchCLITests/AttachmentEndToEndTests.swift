import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// A report published only as an attached Word file, through `govwatch
/// once`: the new article alerts with the file's tasks; the page linking
/// a new file with one progress item rewritten alerts once, naming the
/// task; a file of other bytes but the same report raises nothing; a dead
/// link is named in the reason.
@Suite("govwatch once: a report in an attachment", .serialized)
struct AttachmentEndToEndTests {
    static let path = "/trs/202310/t20231010_7.html"
    static let title = "2023年定海区重点工作任务前三季度完成情况"

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: GovwatchBinary.fixtures.appendingPathComponent("attachments/\(name)")))
    }

    /// A TRS article whose body is a short note and a link to the file.
    static func page(linking file: String) -> String {
        """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(title)</title></head><body>
        <h1 class="title">\(title)</h1><div class="info">发布时间：2023-10-10 09:30　来源：区政府办公室</div>
        <div class="TRS_Editor"><p>现将2023年重点工作任务前三季度完成情况公布如下。</p>
        <p>附件：<a href="\(file)">2023年定海区重点工作任务完成情况.docx</a></p></div></body></html>
        """
    }

    /// The reviewer site's page holding `text` (the site's folders may be
    /// links to the generation that wrote them, so links are followed).
    static func sitePage(_ workspace: Workspace, containing text: String) throws -> String {
        var folders = [workspace.root.appendingPathComponent("state/site").path]
        var seen: [String] = []
        while let folder = folders.popLast() {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
                let path = folder + "/" + name
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue {
                    folders.append(path)
                } else if name.hasSuffix(".html") {
                    seen.append(name)
                    let page = try String(contentsOfFile: path, encoding: .utf8)
                    if page.contains(text) { return page }
                }
            }
        }
        Issue.record("no page of the site holds \(text): \(seen)")
        return ""
    }

    /// A site with one report and a workspace whose first `once` took it
    /// as the baseline (`source.baseline`, read and set aside).
    static func baselined() throws -> (SimulatedSite, Workspace) {
        let site = try SimulatedSite()
        site.publish(
            LinksSourceEndToEndTests.article(5, "2022年市政府工作报告重点工作任务全年完成情况", progress: ["已完成。"]))
        let workspace = try Workspace(site: site, sources: LinksSourceEndToEndTests.source(site))
        let run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try workspace.newAlerts().map { $0["kind"] as? String } == ["source.baseline"])
        return (site, workspace)
    }

    static func article(linking file: String) -> SiteArticle {
        SiteArticle(path: path, title: title, date: "2023-10-10", html: page(linking: file))
    }

    /// One report a day of 2023's `month`, the `n`th (from 1) linking the
    /// `n`th fixture file, shown by its file name and titled with it.
    static func publish(_ files: [String], month: Int, on site: SimulatedSite) throws {
        for (index, file) in files.enumerated() {
            let day = String(format: "%02d", index + 1)
            site.attach("/trs/files/\(file)", try fixture(file))
            let html = page(linking: "/trs/files/\(file)").replacing("2023年定海区重点工作任务完成情况.docx", with: file)
            site.publish(
                SiteArticle(
                    path: "/trs/2023\(month)/t2023\(month)\(day)_\(index + 1).html", title: "\(title)（\(file)）",
                    date: "2023-\(month)-\(day)", html: html))
        }
    }

    @Test func theFilesReportIsWatchedLikeAPagesTable() throws {
        let (site, workspace) = try Self.baselined()
        var run: GovwatchBinary.Outcome

        // Published with its table only in the file.
        site.attach("/trs/files/v1.docx", try Self.fixture("report-clean.docx"))
        site.publish(Self.article(linking: "/trs/files/v1.docx"))
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        var alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.published"])
        #expect((alerts.first?["title"] as? String) == Self.title)
        #expect((alerts.first?["summary"] as? String)?.contains("4项") == true, "\(alerts.first?["summary"] ?? "")")
        // The reviewer site links the official file and says which rows came from it.
        let page = try Self.sitePage(workspace, containing: "<h1>\(Self.title)</h1>")
        #expect(page.contains("附件：<a href=\"\(site.url("/trs/files/v1.docx"))\">2023年定海区重点工作任务完成情况.docx</a>"))
        #expect(page.contains("表中第1至4行（4项任务）读自此文件"))
        #expect(page.contains("（Word文档，"), "the file's type, as its bytes say")

        // The page now links a new file in which task 2's progress is rewritten.
        site.attach("/trs/files/v2.docx", try Self.fixture("report-edited.docx"))
        site.edit(Self.path) { $0.html = Self.page(linking: "/trs/files/v2.docx") }
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.changed"])
        let changes = String(
            decoding: try JSONSerialization.data(withJSONObject: alerts.first?["changes"] ?? []), as: UTF8.self)
        #expect(changes.contains("一期工程已完工，二期开工建设。") && changes.contains("加快渔港经济区改造提升"))
        // Each change names the file its task was read from: in the alert,
        // `govwatch changes` and the reviewer site's change log.
        #expect(changes.contains("\"attachment\":\"2023年定海区重点工作任务完成情况.docx\""), "\(changes)")
        let log = try GovwatchBinary.run(["changes", "--config", workspace.configURL.path])
        #expect(log.stdout.contains("读自附件：2023年定海区重点工作任务完成情况.docx"), "\(log.stdout)")
        _ = try Self.sitePage(workspace, containing: "<p class=\"meta\">读自附件：2023年定海区重点工作任务完成情况.docx</p>")

        // Other bytes, the same report: nothing.
        site.attach("/trs/files/v3.docx", try Self.fixture("report-repacked.docx"))
        site.edit(Self.path) { $0.html = Self.page(linking: "/trs/files/v3.docx") }
        run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try workspace.newAlerts().isEmpty)

        // A dead link: the reason names the file.
        site.edit(Self.path) { $0.html = Self.page(linking: "/trs/files/gone.docx") }
        run = try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.unparsed"])
        let reason = alerts.first?["reason"] as? String ?? ""
        #expect(reason.contains("nor in its attachments: \"2023年定海区重点工作任务完成情况.docx\""), "\(reason)")
    }

    /// Hostile files through `once` (read in `govwatch read-attachment`, a
    /// child with its own limits): each is named with why, `once` goes on
    /// and exits 0, and a good report published beside them is read.
    @Test func hostileFilesAreNamedAndTheRunGoesOn() throws {
        let (site, workspace) = try Self.baselined()
        try Self.publish(
            ["bomb-1gb.docx", "rows-1m.xlsx", "truncated.xlsx", "report-office.xlsx"], month: 11, on: site)
        let run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        let alerts = try workspace.newAlerts()
        #expect(alerts.count == 4 && alerts.allSatisfy { $0["kind"] as? String == "document.published" })
        let reasons = alerts.compactMap { $0["parseError"] as? String ?? $0["reason"] as? String }
        #expect(
            reasons.contains { $0.contains("\"bomb-1gb.docx\"") && $0.contains("expands beyond 8 MB") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("\"rows-1m.xlsx\"") && $0.contains("expands beyond") })
        #expect(reasons.contains { $0.contains("\"truncated.xlsx\"") && $0.contains("not a zip archive") })
        let good = alerts.first { ($0["url"] as? String)?.hasSuffix("_4.html") == true }
        #expect((good?["summary"] as? String)?.contains("4项") == true, "\(good ?? [:])")
    }

    /// Word 97 and Excel 97 files and PDFs, read by Debian's readers inside
    /// the child, through `once`: each a new report with its four tasks; a
    /// scan is `unreadable: scanned` in the alert and in Chinese on the
    /// reviewer site; a truncated PDF is named and the run goes on; a
    /// download link naming no type is read as what its bytes are.
    @Test func binaryOfficeFilesAndPdfsAreReadAndAScanIsNamed() throws {
        let (site, workspace) = try Self.baselined()
        let files = ["report-office.doc", "report-office.xls", "report-office.pdf", "scanned.pdf", "truncated.pdf"]
        try Self.publish(files, month: 12, on: site)
        // A JCMS download that names no type, shown as 附件1: the bytes say it is a workbook.
        site.attach("/trs/downfile.jsp", try Self.fixture("report-office.xls"))
        let download = Self.page(linking: "/trs/downfile.jsp?classid=0&amp;id=9")
            .replacing("2023年定海区重点工作任务完成情况.docx", with: "附件1")
        site.publish(
            SiteArticle(
                path: "/trs/202312/t20231206_6.html", title: "\(Self.title)（附件1）", date: "2023-12-06", html: download))
        let run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        let alerts = try workspace.newAlerts()
        #expect(alerts.count == 6 && alerts.allSatisfy { $0["kind"] as? String == "document.published" })
        let downloaded = alerts.first { ($0["url"] as? String)?.hasSuffix("_6.html") == true }
        #expect((downloaded?["summary"] as? String)?.contains("4项") == true, "\(downloaded ?? [:])")
        func alert(_ file: String) -> [String: Any] {
            let index = files.firstIndex(of: file)! + 1
            return alerts.first { ($0["url"] as? String)?.hasSuffix("_\(index).html") == true } ?? [:]
        }
        func reason(_ file: String) -> String {
            alert(file)["parseError"] as? String ?? alert(file)["reason"] as? String ?? ""
        }
        for file in files.prefix(3) {
            #expect((alert(file)["summary"] as? String)?.contains("4项") == true, "\(file): \(alert(file))")
        }
        let scan = reason("scanned.pdf")
        #expect(scan.contains("\"scanned.pdf\"") && scan.contains("unreadable: scanned"), "\(scan)")
        let truncated = reason("truncated.pdf")
        #expect(truncated.contains("\"truncated.pdf\"") && truncated.contains("pdftotext could not read it"))
        // The reviewers' page of the scan says why it has no tasks.
        let page = try Self.sitePage(workspace, containing: "附件「scanned.pdf」是扫描件（只有图片，没有文字），无法读取其中的任务")
        #expect(page.contains("（scanned.pdf）"), "\(page)")
    }

    /// A report on the page that links its file too is read from the page;
    /// the file is recorded and shown to reviewers as not read.
    @Test func aPagesOwnTableIsReadAndItsFileShownUnread() throws {
        let (site, workspace) = try Self.baselined()
        let table = String(decoding: try Self.fixture("report.html"), as: UTF8.self)
        site.attach("/trs/files/v1.docx", try Self.fixture("report-office.docx"))
        let html = Self.page(linking: "/trs/files/v1.docx")
            .replacing(
                "<p>现将2023年重点工作任务前三季度完成情况公布如下。</p>",
                with: table.firstMatch(of: /<table[\s\S]*<\/table>/).map { String($0.output) } ?? "")
        site.publish(SiteArticle(path: Self.path, title: Self.title, date: "2023-10-10", html: html))
        let run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        let alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.published"])
        #expect((alerts.first?["summary"] as? String)?.contains("4项") == true)
        let page = try Self.sitePage(workspace, containing: "<h1>\(Self.title)</h1>")
        #expect(
            page.contains(
                "附件：<a href=\"\(site.url("/trs/files/v1.docx"))\">2023年定海区重点工作任务完成情况.docx</a>"
                    + "　未读取（任务已从页面上的表格读出）"), "\(page)")
    }
}
