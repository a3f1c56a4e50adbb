import GovwatchCore

/// The page of lagging tasks (`lagging.html`): every task whose status is
/// 滞后 in the latest report of each series, newest series first, with its
/// lead units, its report's words and its latest progress. Rewritten by
/// every build from each series' `lagging.json`.
enum LaggingPage {
    static func page(_ series: [(record: SeriesRecord, tasks: [UnitTaskRecord])], generatedAt: String) -> String {
        let total = series.reduce(0) { $0 + $1.tasks.count }
        var context: [String: Any] = [
            "count": total,
            "series": series.map { record, tasks -> [String: Any] in
                [
                    "title": record.title, "reportTitle": tasks.first?.reportTitle ?? "",
                    "reportPage": tasks.first?.reportPage ?? "", "count": tasks.count,
                    "tasks": tasks.map { task -> [String: Any] in
                        var row: [String: Any] = [
                            "number": task.number ?? "", "task": task.task, "taskPage": task.taskPage,
                            "progress": task.progress,
                            "leads": (task.leads ?? []).map {
                                ["name": $0, "page": SiteLayout.unitPage($0) + ".html"]
                            },
                        ]
                        if let status = task.status { row["status"] = ReviewerWords.statusBadge(status) }
                        return row
                    },
                ]
            },
        ]
        if !series.isEmpty { context["seriesCount"] = series.count }  // Mustache: a 0 would still show
        return SiteTemplates.page("lagging", title: "滞后任务", root: "", generatedAt: generatedAt, context)
    }
}

extension SiteBuild {
    /// The page of lagging tasks, from the series whose latest report has some.
    func laggingPage() throws -> [String: SiteFile] {
        let series = manifest.orderedSeries.filter { $0.lagging > 0 }
        let found = try series.map { ($0, try tasks(SiteLayout.laggingTasks, of: $0)) }.filter { !$0.1.isEmpty }
        return [SiteLayout.lagging: .text(LaggingPage.page(found, generatedAt: displayedAt))]
    }
}
