import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// A year's assignment notice written as paragraphs (责任分解), then a
/// progress notice of the same year, through `govwatch once`: the baseline,
/// an edited task, an edited unit, and the progress notice linked back to
/// the tasks as assigned.
@Suite("govwatch once: list-form reports and assignment notices", .serialized)
struct ListReportEndToEndTests {
    static let noticePath = "/art/2024/2/20/art_1229429114_4000001.html"
    static let progressPath = "/art/2024/7/30/art_1229429114_4000002.html"
    static let noticeTitle = "关于印发2024年市政府工作报告重点工作任务责任分解的通知"
    static let progressTitle = "2024年市政府工作报告重点工作任务半年度进展情况的通报"

    /// A JCMS-like article page whose body is `paragraphs`.
    static func page(title: String, date: String, _ paragraphs: [String]) -> String {
        """
        <!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="\(title)">
        <meta name="PubDate" content="\(date) 10:00"><title>\(title)</title></head>
        <body><div id="zoom">\(paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n"))</div></body></html>
        """
    }

    static func notice(task1: String = "推进舟山国际航运中心建设。", unit1: String = "市港航和口岸局") -> String {
        page(
            title: noticeTitle, date: "2024-02-20",
            [
                "各县（区）人民政府，市政府直属各单位：", "经市政府同意，现将重点工作任务责任分解如下，请认真贯彻落实。",
                "（一）张三市长牵头重点工作", "1、\(task1)", "责任单位：\(unit1)", "2、实施先进制造业集群培育工程。",
                "牵头单位：市经信局", "配合单位：市发改委、市科技局", "（二）李四副市长牵头重点工作", "1、推进共同富裕示范区建设。",
                "责任单位：市发改委", "舟山市人民政府", "2024年2月20日",
            ])
    }

    static let progress = page(
        title: progressTitle, date: "2024-07-30",
        [
            "各县（区）人民政府，市政府直属各单位：", "现将上半年进展情况通报如下：", "一、张三市长牵头重点工作",
            "1. 推进舟山国际航运中心建设，完成港口货物吞吐量5.6亿吨。", "责任单位：市港航和口岸局、市交通运输局",
            "完成情况：上半年完成港口货物吞吐量2.9亿吨。", "2. 实施先进制造业集群培育工程。", "牵头单位：市经信局",
            "配合单位：市发改委、市科技局", "完成情况：", "1.规上工业增加值增长9.3%；", "2.新增规上工业企业45家。",
            "二、李四副市长牵头重点工作", "1. 推进共同富裕示范区建设。", "责任单位：市发改委", "完成情况：出台实施方案。",
            "舟山市人民政府办公室", "2024年7月30日", "（本文有删减）",
        ])

    func changes(_ alert: [String: Any]) -> [[String: Any]] { alert["changes"] as? [[String: Any]] ?? [] }

    @Test func assignmentNoticeThenProgressNotice() throws {
        let site = try SimulatedSite()
        site.publish(.init(path: Self.noticePath, title: Self.noticeTitle, date: "2024-02-20", html: Self.notice()))
        let workspace = try Workspace(site: site)

        var run = try workspace.once()
        #expect(run.status == 0, "\(run.stderr)")
        var alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["source.baseline"])
        let extracted = try GovwatchBinary.run(["extract", "-"], input: Data(Self.notice().utf8))
        let extractedJSON = try JSONSerialization.jsonObject(with: Data(extracted.stdout.utf8))
        let article = try #require(extractedJSON as? [String: Any])
        #expect(article["kind"] as? String == "assignment")
        #expect((article["entries"] as? [Any])?.count == 3)

        // An edited task: one modified entry, matched by its section and number.
        site.edit(Self.noticePath) {
            $0.html = Self.notice(task1: "推进舟山国际航运中心建设，完成港口货物吞吐量5.6亿吨。")
        }
        try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.changed"])
        let editAlert = try #require(alerts.first)
        let edited = try #require(changes(editAlert).first)
        #expect(edited["change"] as? String == "modified")
        #expect(edited["fields"] as? [String] == ["task"])
        #expect(edited["section"] as? String == "张三市长牵头重点工作")

        // An edited unit: the alert names the change in its summary.
        site.edit(Self.noticePath) {
            $0.html = Self.notice(
                task1: "推进舟山国际航运中心建设，完成港口货物吞吐量5.6亿吨。", unit1: "市港航和口岸局、市交通运输局")
        }
        run = try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.changed"])
        let unitAlert = try #require(alerts.first)
        #expect(changes(unitAlert).map { $0["fields"] as? [String] } == [["leadUnits"]])
        let summary = try #require(unitAlert["summary"] as? String)
        #expect(summary.hasSuffix("1项修改；第1项牵头单位：市港航和口岸局 → 市港航和口岸局、市交通运输局"), "\(summary)")

        // The progress notice of the same year: linked to the notice, task by task.
        site.publish(.init(path: Self.progressPath, title: Self.progressTitle, date: "2024-07-30", html: Self.progress))
        try workspace.once()
        alerts = try workspace.newAlerts()
        #expect(alerts.map { $0["kind"] as? String } == ["document.published"])
        let published = try #require(alerts.first)
        #expect(published["entryCount"] as? Int == 3)
        #expect((published["previous"] as? [String: Any])?["url"] as? String == site.url(Self.noticePath))
        let advanced = changes(published).filter { $0["change"] as? String == "modified" }
        #expect(advanced.map { $0["number"] as? String } == ["1", "2", "1"])
        #expect(advanced[1]["progressAdded"] as? [String] == ["规上工业增加值增长9.3%；", "新增规上工业企业45家。"])
        #expect(changes(published).allSatisfy { $0["change"] as? String != "added" })

        // `history` follows a task from the notice into the progress notice.
        let history = try GovwatchBinary.run([
            "history", "--config", workspace.configURL.path, "--format", "json", site.url(Self.progressPath), "2",
        ])
        #expect(history.status == 0, "\(history.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])
        let reports = try #require(json["reports"] as? [[String: Any]])
        #expect(reports.map { $0["url"] as? String } == [site.url(Self.noticePath), site.url(Self.progressPath)])
        #expect(reports.first?["progress"] as? [String] == [])
    }
}
