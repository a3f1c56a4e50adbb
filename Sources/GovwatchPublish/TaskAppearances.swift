import GovwatchCore

/// One report's appearance of a task, as its task page shows it.
struct TaskAppearance: Sendable {
    /// The report's page and title.
    var page: String
    var title: String
    var published: String
    var number: String
    /// Lead and supporting units, joined for display (nil: none).
    var units: String?
    var supporting: String?
    /// Progress items, each marked when it is new since the report before.
    var progress: [(text: String, added: Bool)]
}

/// A task page's appearances and its links to earlier ones, written here
/// and not through Mustache: a task page is written for every task of a
/// series, and their `[String: Any]` lookups (dynamic casts each) were a
/// third of a full site build (perf). The appearances' markup is the one
/// the `task` template had in its `reports` section, escaped as
/// ``SiteHTML`` escapes (``TaskAppearancesTests`` renders both and
/// compares); the older reports are grouped by year (``earlierByYear(_:)``).
enum TaskAppearances {
    static func html(_ appearances: [TaskAppearance]) -> String {
        let escape = SiteHTML().escapeText
        var html = ""
        html.reserveCapacity(appearances.count * 1024)
        for report in appearances {
            html += "\n<h3><a href=\"\(escape(report.page))\">\(escape(report.title))</a></h3>\n"
            html += "<p class=\"meta\">\(escape(report.published))　第\(escape(report.number))项"
            if let units = report.units { html += "　牵头单位：\(escape(units))" }
            if let supporting = report.supporting { html += "　配合：\(escape(supporting))" }
            html += "</p>\n"
            if report.progress.isEmpty { html += "<p class=\"meta\">无完成情况。</p>" }
            html += "<ul>"
            ReportRows.appendProgress(report.progress, to: &html)
            html += "</ul>"
        }
        return html
    }

    /// Links to the reports before the recent ones, by year of
    /// publication (nil: not known, listed first): each year a `<details>`
    /// of its reports' links (``reportLink(page:title:)``) and the task's
    /// 序号 there, oldest first, the latest year open. A task of a long
    /// series lists hundreds: one paragraph of them was a wall of links.
    /// The latest year is open only when it lists a few (``openYearLimit``).
    static func earlierByYear(_ reports: [(link: String, year: String?, number: String)]) -> String {
        let escape = SiteHTML().escapeText
        let years = Dictionary(grouping: reports.indices, by: { reports[$0].year })
            .sorted { ($0.key ?? "", $0.value[0]) < ($1.key ?? "", $1.value[0]) }
        var html = ""
        for (offset, (year, members)) in years.enumerated() {
            let open = offset == years.count - 1 && members.count <= openYearLimit ? " open" : ""
            html += "\n<details class=\"earlier\"\(open)><summary>"
            html += (year.map { escape($0) + "年" } ?? "发布日期不详") + "（\(members.count)期）</summary>\n<p>"
            for index in members { html += reports[index].link + "（第" + escape(reports[index].number) + "项） " }
            html += "</p></details>"
        }
        return html
    }

    /// Reports of a year listed open: a monthly series' year, not a wall.
    static let openYearLimit = 24

    /// A report's link among a task's older reports, made once per report:
    /// every task of a long series lists most reports (escaping each title
    /// per task was most of writing its task pages).
    static func reportLink(page: String, title: String) -> String {
        let escape = SiteHTML().escapeText
        return "<a href=\"\(escape(page))\">\(escape(title))</a>"
    }
}
