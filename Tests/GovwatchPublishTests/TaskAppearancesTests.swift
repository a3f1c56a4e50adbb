import GovwatchCore
import Mustache
import Testing

@testable import GovwatchPublish

/// A task page's appearances are written in Swift for speed; they are
/// what the `task` template's `reports` section wrote through Mustache,
/// kept here as the reference, byte for byte. Older reports are listed
/// by year of publication.
@Suite("Task page appearances")
struct TaskAppearancesTests {
    static let reference = """
        {{#reports}}
        <h3>{{#page}}<a href="{{page}}">{{title}}</a>{{/page}}{{^page}}{{title}}{{/page}}</h3>
        <p class="meta">{{published}}　第{{number}}项{{#units}}　牵头单位：{{units}}{{/units}}{{#supporting}}　配合：{{supporting}}{{/supporting}}</p>
        {{^progress}}<p class="meta">无完成情况。</p>{{/progress}}<ul>{{#progress}}<li>{{#added}}<ins>{{text}}</ins>{{/added}}{{^added}}{{text}}{{/added}}</li>{{/progress}}</ul>{{/reports}}
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
            }
        ]
        let written = TaskAppearances.html(Self.appearances)
        #expect(written == library.render(context, withTemplate: "task"))
        #expect(written.contains("&lt;一季度&gt; &amp; 二季度"))
    }

    /// Each year a `<details>` of its reports in order, the undated first,
    /// the latest year open when it lists a few; titles and numbers escaped.
    @Test func olderReportsAreListedByYear() {
        let link = { (page: String, title: String) in TaskAppearances.reportLink(page: page, title: title) }
        let html = TaskAppearances.earlierByYear([
            (link("d.html", "2021年"), "2021", "?"), (link("c.html", "2022年<全年>"), "2022", "3"),
            (link("x.html", "无日期"), nil, "5"), (link("y.html", "2022年末"), "2022", "4<"),
        ])
        #expect(
            html == """

                <details class="earlier"><summary>发布日期不详（1期）</summary>
                <p><a href="x.html">无日期</a>（第5项） </p></details>
                <details class="earlier"><summary>2021年（1期）</summary>
                <p><a href="d.html">2021年</a>（第?项） </p></details>
                <details class="earlier" open><summary>2022年（2期）</summary>
                <p><a href="c.html">2022年&lt;全年&gt;</a>（第3项） <a href="y.html">2022年末</a>（第4&lt;项） </p></details>
                """)
        // A latest year of more than a few reports is closed too.
        let many = (0...TaskAppearances.openYearLimit).map { (link("\($0).html", "第\($0)期"), "2024", "1") }
        #expect(TaskAppearances.earlierByYear(many).hasPrefix("\n<details class=\"earlier\"><summary>2024年（25期）"))
        #expect(TaskAppearances.earlierByYear(Array(many.dropLast())).contains("<details class=\"earlier\" open>"))
    }

    /// A report's year is its local year (Beijing time here); a bare date
    /// is its own; what reads as no date has none.
    @Test func aReportsYearIsItsLocalYear() {
        #expect(SeriesPages.year("2021-12-31T20:00:00Z", .chinaStandardTime) == "2022")
        #expect(SeriesPages.year("2021-12-31T20:00:00+08:00", .chinaStandardTime) == "2021")
        #expect(SeriesPages.year("2021-07-21", .chinaStandardTime) == "2021")
        #expect(SeriesPages.year("发布日期不详", .chinaStandardTime) == nil)
        #expect(SeriesPages.year("21-07-21", .chinaStandardTime) == nil)
    }
}
