import GovwatchCore

/// A lead unit's page: its tasks in each series' latest report, newest
/// series first, with what is new since the report before and which tasks
/// did not progress (进展未更新); and the same as CSV.
enum UnitPages {
    /// `earlierSeries`: series older than those shown that the unit also leads tasks in.
    /// `aliases`: the unit's other spellings (`市发改委(市军民融合办)`).
    static func page(
        _ unit: String, tasks: [UnitTaskRecord], aliases: [String] = [], history: [String: [StatusPoint]] = [:],
        earlierSeries: Int = 0, generatedAt: String
    ) -> String {
        let bySeries = Dictionary(grouping: tasks, by: \.seriesTitle)
        let series = bySeries.values.sorted { newestFirst($0[0], $1[0]) }
        let stale = tasks.filter(\.unchanged).count
        var context: [String: Any] = [
            "name": unit, "count": tasks.count, "csv": csvName(unit),
            "series": series.map { tasks -> [String: Any] in
                let statuses = Dictionary(grouping: tasks.compactMap(\.status?.state), by: { $0 }).mapValues(\.count)
                // Over the series' reports when it has several; else the latest's.
                let picture = history[tasks[0].seriesTitle].flatMap(SiteCharts.statusHistory)
                return [
                    "chart": picture ?? SiteCharts.statusBar(statuses, of: tasks.count) ?? "",
                    "title": tasks[0].seriesTitle, "reportTitle": tasks[0].reportTitle,
                    "reportPage": "../" + tasks[0].reportPage,
                    "tasks": taskItems(tasks),
                ]
            },
        ]
        if stale > 0 { context["stale"] = stale }
        if !aliases.isEmpty { context["aliases"] = aliases.joined(separator: "、") }
        let statuses = Dictionary(grouping: tasks.compactMap(\.status?.state), by: { $0 }).mapValues(\.count)
        if !statuses.isEmpty { context["statusCounts"] = ReviewerWords.statusCounts(statuses, of: tasks.count) }
        if earlierSeries > 0 {
            context["earlierSeries"] = earlierSeries
            context["shownSeries"] = series.count
        }
        return SiteTemplates.page("unit", title: unit, root: "../", generatedAt: generatedAt, context)
    }

    /// A series' tasks as the list items of a unit's page, with what is
    /// new, not moved (进展未更新) and each status marked. Built here, not
    /// by a Mustache section over every task and item: that was most of a
    /// unit page's cost (perf), and a site has a page per lead unit.
    static func taskItems(_ tasks: [UnitTaskRecord]) -> String {
        let escape = SiteHTML().escapeText
        var html = ""
        for task in tasks {
            html += "<li><a href=\"\(escape("../" + task.taskPage))\"><strong>"
            html += "\(escape(task.number ?? "")) \(escape(task.task))</strong></a>"
            if task.unchanged { html += " <span class=\"stale\">进展未更新</span>" }
            if let status = task.status {
                let badge = ReviewerWords.statusBadge(status)
                html +=
                    " <span class=\"status \(escape(badge["state"] ?? ""))\" title=\"\(escape(badge["text"] ?? ""))\">"
                html += "\(escape(badge["label"] ?? ""))</span>"
            }
            html += "\n<ol>"
            ReportRows.appendProgress(SeriesModel.marked(task.progress, added: task.added), to: &html)
            html += "</ol></li>"
        }
        return html
    }

    /// Within `units/`.
    static func csvName(_ unit: String) -> String {
        String(SiteLayout.unitPage(unit).dropFirst("units/".count)) + ".csv"
    }

    /// Tasks in the order the page lists them.
    static func csv(_ tasks: [UnitTaskRecord]) -> [UInt8] {
        SiteCSV.unit(tasks.sorted(by: newestFirst))
    }

    /// The page's and the CSV's order: series by their latest report, newest first.
    static func newestFirst(_ a: UnitTaskRecord, _ b: UnitTaskRecord) -> Bool {
        (a.newest, a.seriesTitle) > (b.newest, b.seriesTitle)
    }
}
