import Mustache
import Testing

@testable import GovwatchPublish

/// Report rows are written in Swift for speed; they are the rows the
/// `report` template's `entries` section wrote through Mustache, kept here
/// as the reference, byte for byte, escaping included.
@Suite("Report rows")
struct ReportRowsTests {
    static let reference = """
        {{#entries}}
        {{#sectionTitle}}<tr class="sec"><td colspan="4" class="section">{{sectionTitle}}</td></tr>{{/sectionTitle}}
        <tr class="{{classes}}"{{#anchor}} id="{{anchor}}"{{/anchor}}><td data-label="序号">{{number}}</td><td data-label="任务"><a href="{{taskPage}}">{{task}}</a>{{#movement}} <span class="mark {{kind}}">{{label}}</span>{{/movement}}{{#status}} <span class="status {{state}}" title="{{text}}">{{label}}</span>{{/status}}{{#edits}} <a class="edited" href="{{taskPage}}#edits">发布后修改{{edits}}次</a>{{/edits}}</td>
        <td data-label="牵头单位">{{#leads}}<a href="{{page}}">{{name}}</a> {{/leads}}{{#supporting}}<br><span class="meta">配合：{{supporting}}</span>{{/supporting}}</td>
        <td data-label="完成情况"><ol>{{#progress}}<li>{{#added}}<ins>{{text}}</ins>{{/added}}{{^added}}{{text}}{{/added}}</li>{{/progress}}</ol></td></tr>{{/entries}}
        """

    /// The context the template was given for `row`.
    static func context(_ row: ReportRow) -> [String: Any] {
        var context: [String: Any] = [
            "number": row.number, "task": row.task, "taskPage": row.taskPage, "classes": row.classes,
            "leads": row.leads.map { ["name": $0.name, "page": $0.page] },
            "progress": row.progress.map { ["text": $0.text, "added": $0.added] },
        ]
        if let anchor = row.anchor { context["anchor"] = anchor }
        if let title = row.sectionTitle { context["sectionTitle"] = title }
        if let mark = row.movement { context["movement"] = ["kind": mark.kind, "label": mark.label] }
        if let status = row.status {
            context["status"] = ["state": status.kind, "label": status.label, "text": status.text]
        }
        if row.edits > 0 { context["edits"] = row.edits }
        if let supporting = row.supporting { context["supporting"] = supporting }
        return context
    }

    static let rows = [
        ReportRow(
            number: "1", task: "建成<渔港>经济区 & “智慧”码头", taskPage: "t-1.html", anchor: "r-1",
            classes: "row r-moved r-edited",
            sectionTitle: "一、扩大有效投资", movement: .init(kind: "moved", label: "新进展"),
            status: .init(kind: "lagging", label: "滞后", text: "据完成情况所述：进度滞后"), edits: 2,
            leads: [.init(name: "市发改委", page: "../../u/a.html"), .init(name: "市'建设'局", page: "../../u/b.html")],
            supporting: "市财政局、市自然资源局", progress: [("已完成投资12亿元。", true), ("二期\"开工\"。", false)]),
        ReportRow(
            number: "", task: "无序号的任务", taskPage: "", anchor: nil, classes: "row", leads: [],
            progress: []),
        ReportRow(
            number: "3", task: "任务三", taskPage: "t-3.html", anchor: "r-3", classes: "row r-unchanged",
            movement: .init(kind: "unchanged", label: "进展未更新"), leads: [.init(name: "区政府", page: "u.html")],
            progress: [("序时推进。\n第二段。", false)]),
    ]

    @Test func theyAreTheTemplatesRows() throws {
        _ = SiteTemplates.library  // registers the site's escaping
        var library = MustacheLibrary()
        try library.register("{{% CONTENT_TYPE: \(SiteHTML.name)}}" + Self.reference, named: "rows")
        let expected = library.render(["entries": Self.rows.map(Self.context)], withTemplate: "rows")
        #expect(ReportRows.html(Self.rows) == expected)
        #expect(ReportRows.html(Self.rows).contains("&lt;渔港&gt;经济区 &amp;"))
    }
}
