import Mustache
import Testing

@testable import GovwatchPublish

/// A task page's appearances are written in Swift for speed; they are
/// what the `task` template's `reports` and `earlier` sections wrote
/// through Mustache, kept here as the reference, byte for byte.
@Suite("Task page appearances")
struct TaskAppearancesTests {
    static let reference = """
        {{#reports}}
        <h3>{{#page}}<a href="{{page}}">{{title}}</a>{{/page}}{{^page}}{{title}}{{/page}}</h3>
        <p class="meta">{{published}}　第{{number}}项{{#units}}　牵头单位：{{units}}{{/units}}{{#supporting}}　配合：{{supporting}}{{/supporting}}</p>
        {{^progress}}<p class="meta">无完成情况。</p>{{/progress}}<ul>{{#progress}}<li>{{#added}}<ins>{{text}}</ins>{{/added}}{{^added}}{{text}}{{/added}}</li>{{/progress}}</ul>{{/reports}}
        |{{#earlier}}<a href="{{page}}">{{title}}</a>（第{{number}}项） {{/earlier}}
        """

    static let appearances = [
        TaskAppearance(
            page: "a.html", title: "2023年“重点”工作 <一季度> & 二季度", published: "2023年10月10日",
            number: "12", units: "市发改委、市'建设'局", supporting: "市财政局",
            progress: [("已完成投资12亿元。", true), ("二期\"开工\"。", false)]),
        TaskAppearance(
            page: "b.html", title: "2023年下半年", published: "发布日期不详", number: "?", units: nil, supporting: nil,
            progress: []),
    ]
    static let earlier = [
        (page: "c.html", title: "2022年<全年>", number: "3"), (page: "d.html", title: "2021年", number: "?"),
    ]

    @Test func theyAreTheTemplatesSections() throws {
        _ = SiteTemplates.library  // registers the site's escaping
        var library = MustacheLibrary()
        try library.register("{{% CONTENT_TYPE: \(SiteHTML.name)}}" + Self.reference, named: "task")
        let context: [String: Any] = [
            "reports": Self.appearances.map { report -> [String: Any] in
                var context: [String: Any] = [
                    "page": report.page, "title": report.title, "published": report.published, "number": report.number,
                    "progress": report.progress.map { ["text": $0.text, "added": $0.added] },
                ]
                if let units = report.units { context["units"] = units }
                if let supporting = report.supporting { context["supporting"] = supporting }
                return context
            },
            "earlier": Self.earlier.map { ["page": $0.page, "title": $0.title, "number": $0.number] },
        ]
        let expected = library.render(context, withTemplate: "task")
        let written =
            TaskAppearances.html(Self.appearances) + "\n|"
            + TaskAppearances.earlierLinks(
                Self.earlier.map { (TaskAppearances.reportLink(page: $0.page, title: $0.title), $0.number) })
        #expect(written == expected)
        #expect(written.contains("&lt;一季度&gt; &amp; 二季度"))
    }
}
