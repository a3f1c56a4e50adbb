import GovwatchCore
import GovwatchStore
import Mustache

/// What the reviewer site is built from: the stored reports, the sources'
/// health and the newest alerts, with the time zone people read times in.
public struct SiteInput: Sendable {
    public var title: String
    public var documents: [TaskHistory.Source]
    public var sources: [(name: String, state: SourceState?)]
    public var alerts: [Alert]
    public var time: LocalTime
    public var generatedAt: Timestamp

    public init(
        title: String, documents: [TaskHistory.Source], sources: [(name: String, state: SourceState?)],
        alerts: [Alert], time: LocalTime, generatedAt: Timestamp
    ) {
        self.title = title
        self.documents = documents
        self.sources = sources
        self.alerts = alerts
        self.time = time
        self.generatedAt = generatedAt
    }
}

/// Builds the reviewer site's pages: the index (latest changes, sources'
/// health, reports by series, units), a page per report and a page per
/// lead unit. Pure: paths to HTML, written by ``SiteWriter``.
public enum SiteBuilder {
    public static func pages(_ input: SiteInput) -> [String: String] {
        let series = SeriesIndex(input.documents)
        var pages: [String: String] = [:]
        pages["index.html"] = page(input, title: input.title, root: "", template: "index", index(input, series))
        for (position, report) in series.reports.enumerated() {
            let context = reportContext(report, series: series, at: position, time: input.time)
            pages[series.path(of: report)] = page(
                input, title: report.snapshot.title ?? report.url, root: "../", template: "report", context)
        }
        for unit in series.units {
            pages[SeriesIndex.unitPath(unit.name)] = page(
                input, title: unit.name, root: "../", template: "unit", unitContext(unit))
        }
        return pages
    }

    static func page(_ input: SiteInput, title: String, root: String, template: String, _ context: [String: Any])
        -> String
    {
        let body = SiteTemplates.library.render(context, withTemplate: template) ?? ""
        let layout: [String: Any] = [
            "title": title, "root": root, "body": body, "style": SiteTemplates.style,
            "generatedAt": input.time.display(input.generatedAt),
        ]
        return SiteTemplates.library.render(layout, withTemplate: "layout") ?? ""
    }

    static func index(_ input: SiteInput, _ series: SeriesIndex) -> [String: Any] {
        let changes: [[String: Any]] = input.alerts.prefix(30).map { alert in
            var change: [String: Any] = [
                "kind": alert.kind.chineseName, "title": alert.title ?? alert.source,
                "time": input.time.display(alert.detectedAt), "summary": alert.summary,
            ]
            if let url = alert.url, let report = series.reports.first(where: { $0.url == url }) {
                change["report"] = series.path(of: report)
            }
            return change
        }
        let sources: [[String: Any]] = input.sources.map { source in
            let state = source.state
            let failing = (state?.consecutiveFailures ?? 0) > 0
            let since = state?.failingSince.map { "，自\(input.time.display($0))起" } ?? ""
            return [
                "name": source.name,
                "status": failing ? "连续\(state!.consecutiveFailures)次失败\(since)" : (state == nil ? "尚未运行" : "正常"),
                "statusClass": failing ? "failing" : "ok",
                "lastSuccess": state?.lastSuccessAt.map(input.time.display) ?? "—",
            ]
        }
        let seriesList: [[String: Any]] = series.groups.map { group in
            [
                "name": group.name,
                "reports": group.reports.reversed().map { report -> [String: Any] in
                    [
                        "page": series.path(of: report), "title": report.snapshot.title ?? report.url,
                        "published": report.snapshot.publishedAt.map(input.time.display) ?? "",
                        "entryCount": report.snapshot.entries.count,
                        "assignment": report.snapshot.kind == .assignment,
                    ]
                },
            ]
        }
        let units: [[String: Any]] = series.units.map {
            ["name": $0.name, "page": SeriesIndex.unitPath($0.name), "count": $0.tasks.count]
        }
        return [
            "siteTitle": input.title, "changes": changes, "sources": sources, "series": seriesList, "units": units,
        ]
    }

    static func reportContext(_ report: TaskHistory.Source, series: SeriesIndex, at position: Int, time: LocalTime)
        -> [String: Any]
    {
        var section: String?
        let entries: [[String: Any]] = report.snapshot.entries.map { entry in
            var row: [String: Any] = [
                "number": entry.number ?? "", "task": entry.task, "progress": entry.progress,
                "leads": entry.leadUnits.map { ["name": $0, "page": "../" + SeriesIndex.unitPath($0)] },
            ]
            if !entry.supportingUnits.isEmpty { row["supporting"] = entry.supportingUnits.joined(separator: "、") }
            if entry.section != section {
                section = entry.section
                if let title = entry.section { row["sectionTitle"] = title }
            }
            return row
        }
        var context: [String: Any] = [
            "title": report.snapshot.title ?? report.url, "url": report.url, "entries": entries,
            "published": report.snapshot.publishedAt.map(time.display) ?? "",
            "entryCount": report.snapshot.entries.count, "assignment": report.snapshot.kind == .assignment,
        ]
        let (previous, next) = series.neighbours(of: report)
        if let previous { context["previous"] = link(previous, series) }
        if let next { context["next"] = link(next, series) }
        return context
    }

    static func link(_ report: TaskHistory.Source, _ series: SeriesIndex) -> [String: Any] {
        ["page": "../" + series.path(of: report), "title": report.snapshot.title ?? report.url]
    }

    static func unitContext(_ unit: SeriesIndex.Unit) -> [String: Any] {
        let bySeries = Dictionary(grouping: unit.tasks, by: \.seriesTitle)
        return [
            "name": unit.name, "count": unit.tasks.count,
            "series": bySeries.keys.sorted().map { title -> [String: Any] in
                [
                    "title": title,
                    "tasks": bySeries[title]!.map { task -> [String: Any] in
                        [
                            "number": task.number ?? "", "task": task.task, "progress": task.progress,
                            "unchanged": task.unchanged,
                        ]
                    },
                ]
            },
        ]
    }
}
