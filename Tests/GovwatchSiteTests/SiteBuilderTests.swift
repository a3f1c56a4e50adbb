import Foundation
import GovwatchCore
import GovwatchStore
import Testing

@testable import GovwatchSite

/// The reviewer site from a store's content: a series of three reports (an
/// assignment notice and two progress reports), a failing source and the
/// latest alerts; then written, and written again, through the link.
@Suite("The reviewer site")
struct SiteBuilderTests {
    static func report(_ title: String, published: String, kind: ReportKind, progress: [String]) -> DocumentSnapshot {
        var snapshot = DocumentSnapshot(
            title: title,
            entries: [
                ReportEntry(
                    key: "a", number: "1", section: "张三市长牵头重点工作", task: "推进海岛公园建设。", leadUnits: ["市文广旅体局"],
                    supportingUnits: ["各县(区)政府"], progress: progress, extras: [:]),
                ReportEntry(
                    key: "b", number: "2", section: "张三市长牵头重点工作", task: "建设未来社区5个。", leadUnits: ["市建设局"],
                    progress: kind == .assignment ? [] : ["已开工3个。"], extras: [:]),
            ])
        snapshot.publishedAt = published
        snapshot.kind = kind
        return snapshot
    }

    static let input: SiteInput = {
        let documents = [
            TaskHistory.Source(
                url: "http://h/notice",
                snapshot: report(
                    "关于印发2024年市政府工作报告重点工作任务责任分解的通知", published: "2024-02-20T10:00:00+08:00", kind: .assignment,
                    progress: [])),
            TaskHistory.Source(
                url: "http://h/h1",
                snapshot: report(
                    "2024年市政府工作报告重点工作任务半年度进展情况", published: "2024-07-30T10:00:00+08:00", kind: .progress,
                    progress: ["已建成4个。"])),
            TaskHistory.Source(
                url: "http://h/q3",
                snapshot: report(
                    "2024年市政府工作报告重点工作任务前三季度进展情况", published: "2024-10-30T10:00:00+08:00", kind: .progress,
                    progress: ["已建成6个。"])),
        ]
        var failing = SourceState(name: "district")
        failing.consecutiveFailures = 3
        failing.failingSince = Timestamp(rfc3339: "2024-11-01T02:00:00Z")
        var healthy = SourceState(name: "city")
        healthy.lastSuccessAt = Timestamp(rfc3339: "2024-11-02T03:30:00Z")
        let alert = Alert(
            id: "x", kind: .documentPublished, source: "city", url: "http://h/q3",
            title: "2024年市政府工作报告重点工作任务前三季度进展情况", detectedAt: "2024-11-02T03:30:00Z", summary: "新报告：…")
        return SiteInput(
            title: "政务公开监测提醒", documents: documents, sources: [("city", healthy), ("district", failing)],
            alerts: [alert], time: .chinaStandardTime, generatedAt: Timestamp(rfc3339: "2024-11-02T04:00:00Z")!)
    }()

    @Test func everyKindOfPage() throws {
        let pages = SiteBuilder.pages(Self.input)
        let index = try #require(pages["index.html"])
        #expect(index.contains("<h1>政务公开监测提醒</h1>"))
        #expect(index.contains("2024-11-02 11:30"))  // local time
        #expect(index.contains("连续3次失败，自2024-11-01 10:00起"))
        #expect(index.contains("（责任分解）"))
        let series = SeriesIndex(Self.input.documents)
        #expect(
            series.groups.count == 1
                && series.groups[0].reports.map(\.url) == ["http://h/notice", "http://h/h1", "http://h/q3"])

        let h1 = try #require(pages[series.path(of: Self.input.documents[1])])
        #expect(h1.contains("上一期：<a href=\"../\(series.path(of: Self.input.documents[0]))\""))
        #expect(h1.contains("下一期：<a href=\"../\(series.path(of: Self.input.documents[2]))\""))
        #expect(h1.contains("<td>推进海岛公园建设。</td>"))
        #expect(h1.contains("配合：各县(区)政府"))
        #expect(h1.contains("<li>已建成4个。</li>"))
        #expect(h1.contains("张三市长牵头重点工作"))

        // The unit's latest tasks: one progressed, one as in the report before (进展未更新).
        let building = try #require(pages[SeriesIndex.unitPath("市建设局")])
        #expect(building.contains("建设未来社区5个。</strong> <span class=\"stale\">进展未更新</span>"))
        let parks = try #require(pages[SeriesIndex.unitPath("市文广旅体局")])
        #expect(parks.contains("推进海岛公园建设。</strong>") && !parks.contains("进展未更新"))
        #expect(pages.values.allSatisfy { !$0.contains("<script") && !$0.contains("http-equiv") })
    }

    @Test func writtenThroughALinkThatSwitchesInOneStep() throws {
        let folder = NSTemporaryDirectory() + "site-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dir = folder + "/site"
        try SiteWriter.write(["index.html": "一", "reports/a.html": "A"], to: dir)
        let first = try FileManager.default.destinationOfSymbolicLink(atPath: dir)
        #expect(try String(contentsOfFile: dir + "/reports/a.html", encoding: .utf8) == "A")
        try SiteWriter.write(["index.html": "二"], to: dir)
        let second = try FileManager.default.destinationOfSymbolicLink(atPath: dir)
        #expect(first != second)
        #expect(try String(contentsOfFile: dir + "/index.html", encoding: .utf8) == "二")
        #expect(!FileManager.default.fileExists(atPath: folder + "/" + first))  // the old tree is gone
        // A link pointed elsewhere by hand: switched, but its old target is left alone.
        try FileManager.default.createDirectory(atPath: folder + "/www", withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createSymbolicLink(atPath: dir, withDestinationPath: "www")
        try SiteWriter.write(["index.html": "三"], to: dir)
        #expect(FileManager.default.fileExists(atPath: folder + "/www"))
        #expect(try String(contentsOfFile: dir + "/index.html", encoding: .utf8) == "三")
        // A folder that is not the site's link is never replaced.
        try FileManager.default.createDirectory(atPath: folder + "/other", withIntermediateDirectories: true)
        #expect(throws: SiteWriter.Failure.self) { try SiteWriter.write([:], to: folder + "/other") }
    }
}
