import GovwatchCore
import GovwatchStore

/// The top of the site: the index (latest changes, sources' health,
/// reports by series, lead units), the search page with its unit list,
/// and the Atom feed. Rewritten by every build: each is small.
struct IndexPage {
    var title: String
    var manifest: SiteManifest
    var sources: [(name: String, state: SourceState?)]
    /// Each source's `title`, by name: what reviewers see for it.
    var sourceTitles: [String: String] = [:]
    /// `[daemon] overdue_after` and `[site] quiet_after`, in days.
    var overdueAfterDays = 60
    var quietAfterDays = 180
    /// Newest last, as the outbox keeps them.
    var latestAlerts: [Alert]
    var time: LocalTime
    var generatedAt: Timestamp

    func files() -> [String: SiteFile] {
        let json = SiteJSON.string(manifest)
        return [
            SiteLayout.index: .text(index()), SiteLayout.search: .text(search()),
            SiteLayout.unitList: .text(unitList()),
            SiteLayout.feed: .text(AtomFeed.render(alerts: latestAlerts, title: title, updated: generatedAt)),
            SiteLayout.manifest: .text(json),
            SiteLayout.mark: .text(SiteBuild.mark(manifest, bytes: json.utf8.count)),
        ]
    }

    func index() -> String {
        let pageOfURL = manifest.pageOfURL
        let changes: [[String: Any]] = latestAlerts.reversed().prefix(30).map { alert in
            var change: [String: Any] = [
                "kind": alert.kind.chineseName,
                "title": alert.title ?? alert.url ?? sourceTitles[alert.source] ?? alert.source,
                "time": time.display(alert.detectedAt), "summary": alert.summary,
            ]
            if let url = alert.url, let page = pageOfURL[url] { change["page"] = Self.link(alert, reportPage: page) }
            return change
        }
        let lagging = manifest.series.values.reduce(0) { $0 + $1.lagging }
        let overdue = overdueSeries()
        var context: [String: Any] = [
            "siteTitle": title, "changes": changes, "sources": sources.map(sourceRow),
            "hasMonths": !manifest.months.isEmpty,
            "months": manifest.months.map { ["name": ChangeLogPages.monthName($0), "page": SiteLayout.monthPage($0)] },
            "series": manifest.orderedSeries.map { series -> [String: Any] in
                let timeline = SiteCharts.timeline(
                    series.reports.map { ($0.published, ReportPeriod.period(in: $0.title) ?? $0.title) })
                var record: [String: Any] = [
                    "timeline": timeline ?? "",
                    "title": series.title, "workbook": series.folder + "/" + SiteLayout.workbook,
                    "reports": series.reports.reversed().map { report -> [String: Any] in
                        [
                            "page": report.page, "title": report.title,
                            "published": report.published.map(time.display) ?? "发布日期不详",
                            "entryCount": report.entryCount, "assignment": report.assignment,
                        ]
                    },
                ]
                // Absent, not empty: Mustache shows a section for "".
                if let late = overdue[series.key] { record["overdue"] = Self.overdueNote(late) }
                return record
            },
            "units": unitsByPage().map { ["name": $0.name, "page": $0.page, "count": $0.count] },
        ]
        if lagging > 0 { context["laggingCount"] = lagging }
        return SiteTemplates.page("index", title: title, root: nil, generatedAt: time.display(generatedAt), context)
    }

    /// Where a change on the index leads: a report edited in one task goes
    /// to that task's page, one edited in several to the first edited row
    /// of the report; anything else to the report.
    static func link(_ alert: Alert, reportPage page: String) -> String {
        let present = alert.changes.filter { $0.change != .removed }
        guard alert.kind == .documentChanged, let first = present.first else { return page }
        let identity = SiteLayout.identity(first.task)
        if alert.changes.count == 1, let slash = page.lastIndex(of: "/") {
            return page[...slash] + SiteLayout.taskName(identity)
        }
        return page + "#" + SiteLayout.rowAnchor(identity)
    }

    func sourceRow(_ source: (name: String, state: SourceState?)) -> [String: Any] {
        let state = source.state
        let failures = state?.consecutiveFailures ?? 0
        let status: String
        if failures > 0 {
            let since = state?.failingSince.map { "，自\(time.display($0))起" } ?? ""
            status = "连续\(failures)次失败\(since)"
        } else {
            status = state?.lastSuccessAt == nil ? "尚未检查" : "正常"
        }
        var row: [String: Any] = [
            "name": sourceTitles[source.name] ?? source.name, "status": status,
            "statusClass": failures > 0 ? "failing" : "ok",
            "lastSuccess": state?.lastSuccessAt.map(time.display) ?? "—",
        ]
        if let quiet = quietNote(source.name) { row["quiet"] = quiet }
        return row
    }

    func search() -> String {
        let shards = manifest.orderedSeries.map { $0.folder + "/" + SiteLayout.searchShard }
        return SiteTemplates.page(
            "search", title: "搜索", root: "", generatedAt: time.display(generatedAt),
            ["shards": shards, "script": PageTemplates.searchScript])
    }

    /// Every lead unit for the search page (`GW_UNITS`).
    /// Each unit once, however many spellings the reports use: its
    /// shortest spelling, its page and its tasks under every spelling.
    func unitsByPage() -> [(name: String, spellings: [String], page: String, count: Int)] {
        let byPage = Dictionary(grouping: manifest.unitCounts, by: { SiteLayout.unitPage($0.key) + ".html" })
        return byPage.map { page, spellings in
            let names = spellings.map(\.key).sorted { ($0.count, $0) < ($1.count, $1) }
            return (names[0], names, page, spellings.reduce(0) { $0 + $1.value })
        }
        .sorted { $0.name < $1.name }
    }

    /// The search's units: one per page, found by any of its spellings.
    func unitList() -> String {
        struct Unit: Encodable {
            var n: String
            var c: Int
            var p: String
        }
        let units = unitsByPage().map { Unit(n: $0.spellings.joined(separator: " / "), c: $0.count, p: $0.page) }
        return "window.GW_UNITS=\(SiteJSON.string(units));\n"
    }
}
