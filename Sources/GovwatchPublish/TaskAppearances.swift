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
    ///
    /// Every task page of a long series lists most of its reports, so the
    /// links are appended a piece at a time into one reserved buffer (each
    /// `a + b + c` made strings of its own first) and grouped by comparing
    /// a report's year with its group's, not by hashing it.
    static func earlierByYear(_ reports: [(link: String, year: String?, number: String)]) -> String {
        let escape = SiteHTML().escapeText
        let years = groupedByYear(reports).sorted { ($0.year ?? "", $0.members[0]) < ($1.year ?? "", $1.members[0]) }
        var html = ""
        html.reserveCapacity(reports.reduce(years.count * 96) { $0 + $1.link.utf8.count + 24 })
        for (offset, (year, members)) in years.enumerated() {
            let open = offset == years.count - 1 && members.count <= openYearLimit ? " open" : ""
            html += "\n<details class=\"earlier\"\(open)><summary>"
            html += (year.map { escape($0) + "年" } ?? "发布日期不详") + "（\(members.count)期）</summary>\n<p>"
            for index in members {
                html += reports[index].link
                html += "（第"
                html += escape(reports[index].number)
                html += "项） "
            }
            html += "</p></details>"
        }
        return html
    }

    /// The reports' indices by year (nil apart), each group in order. A
    /// series has a few years and its reports come mostly in order, so the
    /// group of the report before is tried first.
    static func groupedByYear(_ reports: [(link: String, year: String?, number: String)]) -> [(
        year: String?, members: [Int]
    )] {
        var groups: [(year: String?, members: [Int])] = []
        var last = -1
        for (index, report) in reports.enumerated() {
            if last < 0 || groups[last].year != report.year {
                last = groups.firstIndex { $0.year == report.year } ?? -1
                if last < 0 {
                    groups.append((report.year, []))
                    last = groups.count - 1
                }
            }
            groups[last].members.append(index)
        }
        return groups
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
