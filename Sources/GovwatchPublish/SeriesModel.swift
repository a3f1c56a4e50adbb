import GovwatchCore

/// One series' reports, oldest first, with its tasks followed across them
/// and the edits each task received after publication. Pure.
struct SeriesModel: Sendable {
    struct Appearance: Sendable {
        var report: Int
        var entry: ReportEntry
        /// Items not in the task's previous appearance (all, in its first).
        var added: [String]
    }

    struct Task: Sendable {
        var identity: String
        var appearances: [Appearance]
        var edits: [Edit]
        var latest: ReportEntry { appearances.last!.entry }
        var name: String { SiteLayout.taskName(identity) }
    }

    /// A change to a task of a published report (a `document.changed` alert).
    struct Edit: Sendable {
        var report: Int
        var detectedAt: String
        var entry: ChangeLog.EntryLog
    }

    let key: String
    let reports: [SiteDocument]
    let folder: String
    /// In order of first appearance.
    let tasks: [Task]
    private let taskOfIdentity: [String: Int]

    /// `alerts` are those about the series' reports, in any order.
    init(key: String, reports: [SiteDocument], alerts: [Alert]) {
        self.key = key
        var seen: Set<String> = []
        // Two sources may watch one URL: its report is shown once.
        self.reports = reports.filter { seen.insert($0.url).inserted }.sorted {
            ($0.snapshot.publishedAt ?? "", $0.url) < ($1.snapshot.publishedAt ?? "", $1.url)
        }
        folder = SiteLayout.seriesFolder(key)
        var tasks: [Task] = []
        var index: [String: Int] = [:]
        for (position, report) in self.reports.enumerated() {
            for entry in report.snapshot.entries {
                let identity = SiteLayout.identity(entry.task)
                if let existing = index[identity] {
                    // A task listed twice in one report keeps its first row.
                    guard tasks[existing].appearances.last?.report != position else { continue }
                    let before = Set(tasks[existing].appearances.last!.entry.progress.map(ComparableText.fold))
                    let added = entry.progress.filter { !before.contains(ComparableText.fold($0)) }
                    tasks[existing].appearances.append(Appearance(report: position, entry: entry, added: added))
                } else {
                    index[identity] = tasks.count
                    tasks.append(
                        Task(
                            identity: identity,
                            appearances: [Appearance(report: position, entry: entry, added: entry.progress)],
                            edits: []))
                }
            }
        }
        for (report, detectedAt, entry) in Self.edits(alerts, reports: self.reports) {
            let identity =
                self.reports[report].snapshot.entries.first { $0.key == entry.key }
                .map { SiteLayout.identity($0.task) } ?? SiteLayout.identity(entry.task)
            guard let task = index[identity] else { continue }
            tasks[task].edits.append(Edit(report: report, detectedAt: detectedAt, entry: entry))
        }
        self.tasks = tasks
        taskOfIdentity = index
    }

    /// Each entry change of a `document.changed` alert, oldest first.
    static func edits(_ alerts: [Alert], reports: [SiteDocument]) -> [(Int, String, ChangeLog.EntryLog)] {
        let position = Dictionary(reports.enumerated().map { ($1.url, $0) }, uniquingKeysWith: { first, _ in first })
        let log = ChangeLog.build(
            alerts: alerts, filter: .init(kinds: [.documentChanged]), generatedAt: Timestamp(epochSeconds: 0))
        return log.documents.reversed().flatMap { document -> [(Int, String, ChangeLog.EntryLog)] in
            guard let url = document.url, let report = position[url] else { return [] }
            return document.entries.map { (report, document.detectedAt, $0) }
        }
    }

    var title: String { reports.last?.snapshot.title ?? reports.last?.url ?? key }
    var latest: SiteDocument? { reports.last }

    func task(of entry: ReportEntry) -> Task? { taskOfIdentity[SiteLayout.identity(entry.task)].map { tasks[$0] } }

    /// `series/<hash>/<hash of the URL>` (add `.html` or `.csv`).
    func reportPath(_ position: Int) -> String { folder + "/" + SiteLayout.reportName(reports[position].url) }

    /// Each lead unit's tasks as its page shows them: those of the latest
    /// report it leads tasks in (the series' latest for all but units that
    /// no longer appear, such as a renamed one), with what is new there and
    /// whether progress is as in the report before (进展未更新).
    func unitTasks() -> [String: [UnitTaskRecord]] {
        var byUnit: [String: [UnitTaskRecord]] = [:]
        for position in reports.indices.reversed() {
            let report = reports[position]
            var found: [String: [UnitTaskRecord]] = [:]
            for entry in report.snapshot.entries {
                let units = entry.leadUnits.filter { byUnit[$0] == nil }
                guard !units.isEmpty, let task = task(of: entry),
                    let index = task.appearances.firstIndex(where: { $0.report == position })
                else { continue }
                let record = unitTask(task, at: index, in: position)
                for unit in units { found[unit, default: []].append(record) }
            }
            byUnit.merge(found) { old, _ in old }
        }
        return byUnit
    }

    func unitTask(_ task: Task, at index: Int, in position: Int) -> UnitTaskRecord {
        let report = reports[position]
        let appearance = task.appearances[index]
        let previous = index > 0 ? task.appearances[index - 1] : nil
        let unchanged =
            report.snapshot.kind == .progress
            && previous.map { before in
                before.report == position - 1
                    && before.entry.progress.map(ComparableText.fold)
                        == appearance.entry.progress.map(ComparableText.fold)
            } == true
        return UnitTaskRecord(
            seriesTitle: title, reportTitle: report.snapshot.title ?? report.url,
            reportPage: reportPath(position) + ".html", taskPage: folder + "/" + task.name,
            number: appearance.entry.number, task: appearance.entry.task, progress: appearance.entry.progress,
            added: previous == nil ? [] : appearance.added, unchanged: unchanged,
            newest: report.snapshot.publishedAt ?? "")
    }
}
