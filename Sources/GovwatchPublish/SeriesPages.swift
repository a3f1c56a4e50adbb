import Foundation
import GovwatchCore
import GovwatchStore

/// Everything in one series' folder: a page and a CSV per report, a page
/// per task, the series' workbook, its share of the search index and the
/// tasks its latest report gives each lead unit. Built a report at a time
/// (``add(_:)``, oldest first), then ``finish()``. Pure: reports to files.
struct SeriesPages: Sendable {
    private(set) var model: SeriesModel
    let time: LocalTime
    let generatedAt: String
    /// The latest reports' sheets of the workbook (at most ``SeriesModel/window``).
    private var sheets: [Workbook.Sheet] = []
    private var latest: [ReportEntry] = []
    /// The typed statuses of ``latest``, in order.
    private var latestStatuses: [EntryStatus?] = []
    /// The position of the report ``latest`` is from.
    private var latestPosition = 0
    /// What the current site's pages of the series were made from, by
    /// report URL (``ReportRecord/inputs``): a page made from the same is kept.
    let current: [String: String]
    /// What each report's page read so far is made from, by position.
    private var inputs: [Int: String] = [:]
    /// What the current site's task pages were made from, by page name
    /// (``TaskDigests``, in the series' folder): a page made from the same is kept.
    let currentTasks: [String: String]
    /// What each task page is made from, by name (``finish()``).
    private var taskInputs: [String: String] = [:]
    /// What the current site's workbook was made from
    /// (``SeriesRecord/workbookInputs``): one made from the same is kept.
    let currentWorkbook: String?
    /// What the workbook is made from (``finish()``).
    private var workbookInputs: String?

    /// `../../`: from a series' folder back to the top of the site.
    static let root = "../../"

    init(
        model: SeriesModel, time: LocalTime, generatedAt: String, current: [String: String] = [:],
        currentTasks: [String: String] = [:], currentWorkbook: String? = nil
    ) {
        self.model = model
        self.time = time
        self.generatedAt = generatedAt
        self.current = current
        self.currentTasks = currentTasks
        self.currentWorkbook = currentWorkbook
    }

    /// Reads the next reports of the series, in order (nil: a snapshot is
    /// gone), and returns their pages and CSVs, rendered in parallel: a
    /// report's page depends only on the reports up to it, which are read.
    /// A page made from what the current site's was (``current``) is kept,
    /// not rendered (``reportInputs(_:report:movements:tasks:)``).
    mutating func add(_ reports: [StoredSnapshot?]) -> [String: SiteFile] {
        let snapshots = reports.map { $0?.snapshot }
        let first = model.read
        var movements: [[SeriesModel.Movement?]] = []
        var statuses: [[EntryStatus?]] = []
        var taskIndices: [[Int?]] = []
        for snapshot in snapshots {
            let entries = snapshot?.entries ?? []
            let report = model.reports[model.read]
            let assignment = snapshot?.kind == .assignment
            // Each entry's typed status, read once for every use below.
            let (moved, status, indices) = model.read(entries, assignment: assignment)
            statuses.append(status)
            taskIndices.append(indices)
            movements.append(moved)
            // The workbook has the series' last reports: no sheet is made
            // for one it would drop (made for every report, it was a
            // twentieth of a site's update).
            if model.reports.count - (model.read - 1) <= SeriesModel.window {
                sheets.append(
                    sheet(report, entries: entries, statuses: status, movements: moved, assignment: assignment),
                    keepingLast: SeriesModel.window)
            }
            // A report whose snapshot went while the site was built keeps
            // the search on the last one read (the next update rebuilds it).
            if !entries.isEmpty {
                latest = entries
                latestStatuses = status
                latestPosition = model.read - 1
            }
        }
        let pages = self
        let moves = movements
        let read = statuses
        let indices = taskIndices
        let rendered = Array(reports.enumerated()).parallelMap { offset, stored in
            let position = first + offset
            let report = pages.model.reports[position]
            let snapshot = stored?.snapshot
            let made = pages.reportInputs(position, report: stored, movements: moves[offset], tasks: indices[offset])
            let page: @Sendable () -> String = {
                pages.reportPage(
                    position, entries: snapshot?.entries ?? [], statuses: read[offset], movements: moves[offset],
                    tasks: indices[offset], attachments: snapshot?.attachments ?? [])
            }
            let csv: @Sendable () -> [UInt8] = { SiteCSV.report(snapshot ?? DocumentSnapshot(title: nil, entries: [])) }
            let files: (page: SiteFile, csv: SiteFile) =
                pages.current[report.url] == made
                ? (.kept(make: { .text(page()) }), .kept(make: { .bytes(csv()) })) : (.text(page()), .bytes(csv()))
            return (position, pages.model.reportNames[position], made, files)
        }
        var files: [String: SiteFile] = [:]
        for (position, name, made, output) in rendered {
            inputs[position] = made
            files[name + ".html"] = output.page
            files[name + ".csv"] = output.csv
        }
        return files
    }

    /// A report's sheet of the series' workbook, named by its period
    /// (`半年度`, `1-11月`; `责任分解` for the notice; else its date), with
    /// each task's status and how it moved since the report before.
    func sheet(
        _ report: ReportHeading, entries: [ReportEntry], statuses: [EntryStatus?], movements: [SeriesModel.Movement?],
        assignment: Bool
    ) -> Workbook.Sheet {
        let date = report.publishedAt.map { String(time.display($0).prefix(10)) } ?? "日期不详"
        let name = report.title.flatMap(ReportPeriod.period(in:)) ?? (assignment ? "责任分解" : date)
        let rows = entries.enumerated().map { index, entry in
            let status =
                (index < statuses.count ? statuses[index] : nil).map { ReviewerWords.statusLabel($0.state) } ?? ""
            let movement = index < movements.count ? movements[index] : nil
            return SiteCSV.cells(entry) + [status, movement.map(ReportTally.word) ?? ""]
        }
        return Workbook.Sheet(name: name, header: SiteCSV.header + ["状态", "较上一期"], rows: rows, numberColumn: 1)
    }

    /// The pages that need the whole series: tasks, workbook, search,
    /// units. A task page made from what the current site's was
    /// (``currentTasks``) is kept, not rendered (``taskInputs(_:links:)``);
    /// so is a workbook of the same sheets (``currentWorkbook``): an edit
    /// to a report older than the latest reports' (and than the one before
    /// them, which their first sheet's 较上一期 is read against) leaves the
    /// workbook as it was.
    mutating func finish() -> [String: SiteFile] {
        var files: [String: SiteFile] = [:]
        let pages = self
        let links = model.tasks.contains { !$0.earlier.isEmpty } ? reportLinks() : []
        let linksDigest = Self.digest(links)
        let rendered = model.tasks.parallelMap { task in
            let made = pages.taskInputs(task, links: linksDigest)
            let page: @Sendable () -> String = { pages.taskPage(task, links: links) }
            return (
                task.name, made,
                pages.currentTasks[task.name] == made ? SiteFile.kept(make: { .text(page()) }) : .text(page())
            )
        }
        for (name, made, file) in rendered {
            files[name] = file
            taskInputs[name] = made
        }
        let workbook = Workbook(title: model.title, sheets: sheets, widths: [14, 6, 40, 18, 18, 60, 8, 10])
        workbookInputs = workbook.inputs
        files[SiteLayout.workbook] =
            currentWorkbook == workbookInputs ? .kept(make: { .workbook(workbook) }) : .workbook(workbook)
        files[SiteLayout.searchShard] = .text(searchShard())
        files[SiteLayout.taskDigests] = .text(TaskDigests(taskInputs).text)
        for (unit, tasks) in model.unitTasks { files[SiteLayout.unitTasks(unit)] = .text(SiteJSON.string(tasks)) }
        files[SiteLayout.laggingTasks] = .text(SiteJSON.string(laggingTasks()))
        // Only where some report of the series gives a status.
        for (unit, points) in model.unitStatus where points.contains(where: { !$0.counts.isEmpty }) {
            files[SiteLayout.unitStatus(unit)] = .text(SiteJSON.string(points))
        }
        return files
    }

    /// The latest report's tasks whose status is 滞后, for the page of lagging tasks.
    func laggingTasks() -> [UnitTaskRecord] {
        zip(latest, latestStatuses).compactMap { entry, status in
            guard status?.state == .lagging, let task = model.task(of: entry) else { return nil }
            var record = model.unitTask(task, in: latestPosition, progressReport: true)
            record.leads = entry.leadUnits
            return record
        }
    }

    func record(parts: String) -> SeriesRecord {
        SeriesRecord(
            key: model.key, title: model.title, folder: model.folder, parts: parts,
            reports: model.reports.indices.map { position in
                let report = model.reports[position]
                return ReportRecord(
                    source: report.source, url: report.url, title: report.title ?? report.url,
                    published: report.publishedAt, entryCount: report.entryCount,
                    assignment: report.assignment, page: model.reportPath(position) + ".html",
                    inputs: inputs[position])
            },
            units: model.unitTasks.mapValues(\.count), newest: model.reports.last?.publishedAt ?? "",
            lagging: latestStatuses.count { $0?.state == .lagging }, workbookInputs: workbookInputs)
    }

    /// A report's page: its tasks, each marked with how it moved since the
    /// report before (`movements`, in entry order) and its status, with
    /// counts that filter the table (CSS `:target`, no script). `tasks`:
    /// each row's task in the model, as ``SeriesModel/read(_:assignment:)`` found it.
    func reportPage(
        _ position: Int, entries reportEntries: [ReportEntry], statuses: [EntryStatus?],
        movements: [SeriesModel.Movement?], tasks: [Int?], attachments: [AttachedFile]
    ) -> String {
        let report = model.reports[position]
        var section: String?
        var tally = ReportTally()
        let rows: [ReportRow] = reportEntries.enumerated().map { index, entry in
            // The task the model read the row as (``SeriesModel/read(_:assignment:)``).
            let taskIndex = index < tasks.count ? tasks[index] : nil
            let task = taskIndex.map { model.tasks[$0] }
            var row = ReportRow(
                number: entry.number ?? "", task: entry.task, taskPage: task?.name ?? "",
                anchor: task?.anchor, classes: "row",
                leads: entry.leadUnits.map { .init(name: $0, page: Self.root + SiteLayout.unitPage($0) + ".html") },
                progress: [])
            var classes = ["row"]
            var added: [String] = []
            if let movement = index < movements.count ? movements[index] : nil {
                let mark = tally.count(movement)
                classes.append("r-" + mark.kind)
                row.movement = .init(kind: mark.kind, label: mark.label)
                if case let .moved(items) = movement { added = items }
            }
            row.progress = SeriesModel.marked(entry.progress, added: added)
            row.edits = taskIndex.map { model.editCount(ofTask: $0, at: position) } ?? 0
            if row.edits > 0 {
                tally.edited += 1
                classes.append("r-edited")
            }
            if let status = index < statuses.count ? statuses[index] : nil {
                tally.statuses[status.state, default: 0] += 1
                let badge = ReviewerWords.statusBadge(status)
                row.status = .init(kind: badge["state"] ?? "", label: badge["label"] ?? "", text: badge["text"] ?? "")
            }
            row.classes = classes.joined(separator: " ")
            if !entry.supportingUnits.isEmpty { row.supporting = entry.supportingUnits.joined(separator: "、") }
            if entry.section != section {
                section = entry.section
                row.sectionTitle = entry.section
            }
            return row
        }
        let title = report.title ?? report.url
        var context: [String: Any] = [
            "title": title, "url": report.url, "rows": ReportRows.html(rows), "seriesTitle": model.title,
            "published": report.publishedAt.map(time.display) ?? "发布日期不详",
            "entryCount": reportEntries.count, "assignment": report.assignment,
            "csv": model.reportNames[position] + ".csv", "workbook": SiteLayout.workbook,
        ]
        context.merge(tally.context(entryCount: reportEntries.count)) { _, new in new }
        if !attachments.isEmpty { context["attachments"] = Self.attachmentLines(attachments) }
        if position > 0 { context["previous"] = neighbour(position - 1) }
        if position + 1 < model.reports.count { context["next"] = neighbour(position + 1) }
        return SiteTemplates.page("report", title: title, root: Self.root, generatedAt: generatedAt, context)
    }

    func neighbour(_ position: Int) -> [String: Any] {
        let report = model.reports[position]
        return ["page": model.reportNames[position] + ".html", "title": report.title ?? report.url]
    }

    func unitLinks(_ units: [String]) -> [[String: Any]] {
        units.map { ["name": $0, "page": Self.root + SiteLayout.unitPage($0) + ".html"] }
    }

    /// The latest report's tasks for the search page (`GW_TASKS`).
    func searchShard() -> String {
        struct Item: Encodable {
            var t: String
            var u: String
            var s: String
            var p: String
            /// Progress, items on lines; the task's 序号.
            var g: String
            var n: String?
        }
        let items: [Item] = latest.compactMap { entry in
            guard let task = model.task(of: entry) else { return nil }
            return Item(
                t: entry.task, u: (entry.leadUnits + entry.supportingUnits).joined(separator: "、"), s: model.title,
                p: model.folder + "/" + task.name, g: entry.progress.joined(separator: "\n"), n: entry.number)
        }
        return "(window.GW_TASKS=window.GW_TASKS||[]).push.apply(window.GW_TASKS,\(SiteJSON.string(items)));\n"
    }
}

/// JSON for the site's data files, stable and with CJK as is.
enum SiteJSON {
    static func string(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and arrays cannot fail.
        // swift-format-ignore: NeverUseForceTry
        let data = try! encoder.encode(value)
        // `</script>` can never close a script tag early: `<` is escaped
        // (JSON allows `\u003c` anywhere a string has `<`).
        guard data.contains(0x3C) else { return String(decoding: data, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(data.count + 64)
        for byte in data {
            if byte == 0x3C { bytes += Array("\\u003c".utf8) } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
