import GovwatchCore

/// One task's row on a report page, as ``ReportRows`` writes it.
struct ReportRow: Sendable {
    struct Link: Sendable {
        var name: String
        var page: String
    }
    struct Mark: Sendable {
        /// A class suffix (`moved`, `lagging`) and the words shown.
        var kind: String
        var label: String
        /// The badge's tooltip (statuses only).
        var text = ""
    }

    var number: String
    var task: String
    /// The task's page, relative to the report's folder ("" when the task has none).
    var taskPage: String
    /// The row's `id`, that task pages link to.
    var anchor: String?
    var classes: String
    /// The section the row opens, when it opens one.
    var sectionTitle: String?
    var movement: Mark?
    var status: Mark?
    /// Edits after publication (0: none).
    var edits = 0
    var leads: [Link]
    /// Supporting units, joined for display.
    var supporting: String?
    /// Progress items, each marked when it is new since the report before.
    var progress: [(text: String, added: Bool)]
}

/// A report page's table rows, written here and not through Mustache: a
/// 157-task report's rows took some twenty `[String: Any]` lookups each,
/// every one a run of dynamic casts, and rendering them cost a third of a
/// cold cycle's CPU with the reviewer site (perf). The markup is the one
/// the `report` template had in its `entries` section, escaped as
/// ``SiteHTML`` escapes (``ReportRowsTests`` renders both and compares).
enum ReportRows {
    static func html(_ rows: [ReportRow]) -> String {
        var html = ""
        html.reserveCapacity(rows.count * 1024)
        for row in rows { append(row, to: &html) }
        return html
    }

    static func append(_ row: ReportRow, to html: inout String) {
        let escape = SiteHTML().escapeText
        html += "\n"
        if let title = row.sectionTitle {
            html += "<tr class=\"sec\"><td colspan=\"4\" class=\"section\">\(escape(title))</td></tr>"
        }
        html += "\n<tr class=\"\(escape(row.classes))\""
        if let anchor = row.anchor { html += " id=\"\(escape(anchor))\"" }
        html += "><td data-label=\"序号\">\(escape(row.number))</td><td data-label=\"任务\">"
        html += "<a href=\"\(escape(row.taskPage))\">\(escape(row.task))</a>"
        if let mark = row.movement { html += " <span class=\"mark \(escape(mark.kind))\">\(escape(mark.label))</span>" }
        if let status = row.status {
            html += " <span class=\"status \(escape(status.kind))\" title=\"\(escape(status.text))\">"
            html += "\(escape(status.label))</span>"
        }
        if row.edits > 0 {
            html += " <a class=\"edited\" href=\"\(escape(row.taskPage))#edits\">发布后修改\(row.edits)次</a>"
        }
        html += "</td>\n<td data-label=\"牵头单位\">"
        for lead in row.leads { html += "<a href=\"\(escape(lead.page))\">\(escape(lead.name))</a> " }
        if let supporting = row.supporting { html += "<br><span class=\"meta\">配合：\(escape(supporting))</span>" }
        html += "</td>\n<td data-label=\"完成情况\"><ol>"
        appendProgress(row.progress, to: &html)
        html += "</ol></td></tr>"
    }

    /// Progress items as list items, those new since the report before in
    /// `<ins>` (report rows and task pages alike).
    static func appendProgress(_ items: [(text: String, added: Bool)], to html: inout String) {
        let escape = SiteHTML().escapeText
        // Appended piece by piece: an interpolated string per item was a
        // copy of every item more.
        for item in items {
            html += item.added ? "<li><ins>" : "<li>"
            html += escape(item.text)
            html += item.added ? "</ins></li>" : "</li>"
        }
    }
}
