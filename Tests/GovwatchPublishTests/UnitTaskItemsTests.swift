import Foundation
import GovwatchCore
import Mustache
import Testing

@testable import GovwatchPublish

/// A unit page's task list is built directly (``UnitPages/taskItems(_:)``);
/// it must be the HTML the Mustache section it replaced rendered, kept
/// here verbatim with the context it was given, as the reference.
@Suite("A unit page's task list")
struct UnitTaskItemsTests {
    static let section = """
        {{#tasks}}<li><a href="{{taskPage}}"><strong>{{number}} {{task}}</strong></a>{{#unchanged}} <span class="stale">进展未更新</span>{{/unchanged}}{{#status}} <span class="status {{state}}" title="{{text}}">{{label}}</span>{{/status}}
        <ol>{{#progress}}<li>{{#added}}<ins>{{text}}</ins>{{/added}}{{^added}}{{text}}{{/added}}</li>{{/progress}}</ol></li>{{/tasks}}
        """

    static func byMustache(_ tasks: [UnitTaskRecord]) throws -> String {
        _ = SiteTemplates.library  // registers the site's escaping
        let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: \(SiteHTML.name)}}" + section)
        let rows = tasks.map { task -> [String: Any] in
            let added = Set(task.added)
            var row: [String: Any] = [
                "number": task.number ?? "", "task": task.task, "taskPage": "../" + task.taskPage,
                "unchanged": task.unchanged,
                "progress": task.progress.map { ["text": $0, "added": added.contains($0)] },
            ]
            if let status = task.status { row["status"] = ReviewerWords.statusBadge(status) }
            return row
        }
        return template.render(["tasks": rows])
    }

    static func record(_ index: Int, _ pick: (Int) -> Int) -> UnitTaskRecord {
        let texts = ["已开工3个。", "新建成2个", "a<b & \"c\" 'd'", "", "第\(index)项>完成", "１２３"]
        let progress = (0..<pick(4)).map { _ in texts[pick(texts.count)] }
        let statuses: [EntryStatus?] = [
            nil, EntryStatus(.lagging, text: "进度滞后", from: .text), EntryStatus(.done, text: "已完成<注>", from: .column),
        ]
        return UnitTaskRecord(
            seriesTitle: "2024年报告", reportTitle: "1-\(index)月", reportPage: "series/a/\(index).html",
            taskPage: "series/a/task-\(index).html", number: pick(3) == 0 ? nil : "\(index)",
            task: pick(2) == 0 ? "推进海岛公园建设。" : "建设<未来>社区&5个", progress: progress,
            added: progress.filter { _ in pick(2) == 0 }, unchanged: pick(2) == 0, newest: "2024-07-30",
            status: statuses[pick(statuses.count)])
    }

    @Test func theSameHTMLAsTheMustacheSection() throws {
        var state: UInt64 = 2026
        func pick(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var marked = 0
        for round in 0..<300 {
            let tasks = (0..<pick(5)).map { Self.record(round * 10 + $0, pick) }
            let html = UnitPages.taskItems(tasks)
            #expect(html == (try Self.byMustache(tasks)), "\(tasks)")
            marked += html.components(separatedBy: "<ins>").count - 1
        }
        // The inputs reach what the list marks.
        #expect(marked > 50)
        #expect(UnitPages.taskItems([]) == "")
    }
}
