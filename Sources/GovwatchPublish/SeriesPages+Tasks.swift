import GovwatchCore
import GovwatchStore

/// A page per task of the series: its latest appearances in full, older
/// ones as links, and the edits made to it.
extension SeriesPages {
    /// Each report's link as task pages list older reports
    /// (``TaskAppearances/reportLink(page:title:)``) and the year it was
    /// published in, in local time (nil: not known).
    func reportLinks() -> [(link: String, year: String?)] {
        model.reports.indices.map { position in
            let report = model.reports[position]
            let link = TaskAppearances.reportLink(
                page: model.reportNames[position] + ".html", title: report.title ?? report.url)
            return (link, report.publishedAt.flatMap { Self.year($0, time) })
        }
    }

    /// The year of a publication time (RFC 3339, or a bare date) in local
    /// time; nil when it reads as neither.
    static func year(_ published: String, _ time: LocalTime) -> String? {
        let shown = Array(time.display(published).utf8.prefix(5))
        guard shown.count == 5, shown[4] == UInt8(ascii: "-"), shown[..<4].allSatisfy({ (48...57).contains($0) })
        else { return nil }
        return String(decoding: shown[..<4], as: UTF8.self)
    }

    /// `links`: ``reportLinks()``, when the task lists older reports.
    func taskPage(_ task: SeriesModel.Task, links: [(link: String, year: String?)]) -> String {
        let reports: [TaskAppearance] = task.recent.enumerated().map { index, appearance in
            let report = model.reports[appearance.report]
            // New items are marked from the second report on: in the first, all would be.
            let added = index == 0 && task.earlier.isEmpty ? [] : appearance.added
            let entry = appearance.entry
            return TaskAppearance(
                page: model.reportNames[appearance.report] + ".html", title: report.title ?? report.url,
                published: report.publishedAt.map(time.display) ?? "发布日期不详", number: entry.number ?? "?",
                units: entry.leadUnits.isEmpty ? nil : entry.leadUnits.joined(separator: "、"),
                supporting: entry.supportingUnits.isEmpty ? nil : entry.supportingUnits.joined(separator: "、"),
                progress: SeriesModel.marked(entry.progress, added: added))
        }
        let edits: [[String: Any]] = task.edits.sorted { $0.order > $1.order }.map { edit in
            var context = ChangeLogPages.entryContext(edit.entry)
            context["time"] = time.display(edit.detectedAt)
            context["change"] = ChangeLogRenderer.changeNames[edit.entry.change] ?? ""
            context["report"] = model.reports[edit.report].title ?? model.reports[edit.report].url
            return context
        }
        var context: [String: Any] = [
            "task": task.latest.task, "seriesTitle": model.title, "reportCount": task.count,
            // Not `leads`: an edit's entry without lead units would find the
            // task's through Mustache's context stack.
            "taskLeads": unitLinks(task.latest.leadUnits), "hasLeads": !task.latest.leadUnits.isEmpty,
            "reports": TaskAppearances.html(reports), "edits": edits,
        ]
        // A long series: its latest reports in full, the older ones as links.
        if !task.earlier.isEmpty {
            context["earlier"] = TaskAppearances.earlierByYear(
                task.earlier.map { report, number in (links[report].link, links[report].year, number ?? "?") })
            context["recentCount"] = reports.count
            context["earlierCount"] = task.earlier.count
        }
        return SiteTemplates.page("task", title: task.latest.task, root: Self.root, generatedAt: generatedAt, context)
    }
}
