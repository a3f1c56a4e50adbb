import Foundation
import GovwatchCore

/// Everything in one series' folder: a page and a CSV per report, a page
/// per task, the series' workbook, its share of the search index and the
/// tasks its latest report gives each lead unit. Pure: names to files.
struct SeriesPages: Sendable {
    let model: SeriesModel
    let time: LocalTime
    let generatedAt: String

    /// `../../`: from a series' folder back to the top of the site.
    static let root = "../../"

    func files() -> [String: SiteFile] {
        var files: [String: SiteFile] = [:]
        let pages = self
        let reports = Array(model.reports.indices).parallelMap { position in
            (
                SiteLayout.reportName(pages.model.reports[position].url), pages.reportPage(position),
                SiteCSV.report(pages.model.reports[position].snapshot)
            )
        }
        for (name, page, csv) in reports {
            files[name + ".html"] = .text(page)
            files[name + ".csv"] = .text(csv)
        }
        for (name, page) in model.tasks.parallelMap({ (task) in (task.name, pages.taskPage(task)) }) {
            files[name] = .text(page)
        }
        files[SiteLayout.workbook] = .workbook(workbook())
        files[SiteLayout.searchShard] = .text(searchShard())
        files[SiteLayout.unitTasks] = .text(SiteJSON.string(model.unitTasks()))
        return files
    }

    func record(parts: String) -> SeriesRecord {
        SeriesRecord(
            key: model.key, title: model.title, folder: model.folder, parts: parts,
            reports: model.reports.indices.map { position in
                let report = model.reports[position]
                return ReportRecord(
                    source: report.source, url: report.url, title: report.snapshot.title ?? report.url,
                    published: report.snapshot.publishedAt, entryCount: report.snapshot.entries.count,
                    assignment: report.snapshot.kind == .assignment, page: model.reportPath(position) + ".html")
            },
            units: model.unitTasks().mapValues(\.count), newest: model.latest?.snapshot.publishedAt ?? "")
    }

    func reportPage(_ position: Int) -> String {
        let report = model.reports[position]
        var section: String?
        var edited = 0
        let entries: [[String: Any]] = report.snapshot.entries.map { entry in
            let task = model.task(of: entry)
            let edits = task?.edits.filter { $0.report == position }.count ?? 0
            if edits > 0 { edited += 1 }
            var row: [String: Any] = [
                "number": entry.number ?? "", "task": entry.task, "progress": entry.progress,
                "taskPage": task?.name ?? "", "leads": unitLinks(entry.leadUnits),
            ]
            if edits > 0 { row["edits"] = edits }
            if !entry.supportingUnits.isEmpty { row["supporting"] = entry.supportingUnits.joined(separator: "、") }
            if entry.section != section {
                section = entry.section
                if let title = entry.section { row["sectionTitle"] = title }
            }
            return row
        }
        let title = report.snapshot.title ?? report.url
        var context: [String: Any] = [
            "title": title, "url": report.url, "entries": entries, "seriesTitle": model.title,
            "published": report.snapshot.publishedAt.map(time.display) ?? "发布日期不详",
            "entryCount": report.snapshot.entries.count, "assignment": report.snapshot.kind == .assignment,
            "csv": SiteLayout.reportName(report.url) + ".csv", "workbook": SiteLayout.workbook,
        ]
        if edited > 0 { context["editedCount"] = edited }
        if position > 0 { context["previous"] = neighbour(position - 1) }
        if position + 1 < model.reports.count { context["next"] = neighbour(position + 1) }
        return SiteTemplates.page("report", title: title, root: Self.root, generatedAt: generatedAt, context)
    }

    func neighbour(_ position: Int) -> [String: Any] {
        let report = model.reports[position]
        return ["page": SiteLayout.reportName(report.url) + ".html", "title": report.snapshot.title ?? report.url]
    }

    func unitLinks(_ units: [String]) -> [[String: Any]] {
        units.map { ["name": $0, "page": Self.root + SiteLayout.unitPage($0) + ".html"] }
    }

    func taskPage(_ task: SeriesModel.Task) -> String {
        let reports: [[String: Any]] = task.appearances.enumerated().map { index, appearance in
            let report = model.reports[appearance.report]
            // New items are marked from the second report on: in the first, all would be.
            let added = index == 0 ? [] : Set(appearance.added)
            var context: [String: Any] = [
                "page": SiteLayout.reportName(report.url) + ".html", "title": report.snapshot.title ?? report.url,
                "published": report.snapshot.publishedAt.map(time.display) ?? "发布日期不详",
                "number": appearance.entry.number ?? "?",
                "progress": appearance.entry.progress.map { ["text": $0, "added": added.contains($0)] },
            ]
            if !appearance.entry.leadUnits.isEmpty {
                context["units"] = appearance.entry.leadUnits.joined(separator: "、")
            }
            if !appearance.entry.supportingUnits.isEmpty {
                context["supporting"] = appearance.entry.supportingUnits.joined(separator: "、")
            }
            return context
        }
        let edits: [[String: Any]] = task.edits.reversed().map { edit in
            var context = ChangeLogPages.entryContext(edit.entry)
            context["time"] = time.display(edit.detectedAt)
            context["change"] = ChangeLogRenderer.changeNames[edit.entry.change] ?? ""
            context["report"] = model.reports[edit.report].snapshot.title ?? model.reports[edit.report].url
            return context
        }
        let context: [String: Any] = [
            "task": task.latest.task, "seriesTitle": model.title, "reportCount": task.appearances.count,
            "leads": unitLinks(task.latest.leadUnits), "hasLeads": !task.latest.leadUnits.isEmpty,
            "reports": reports, "edits": edits,
        ]
        return SiteTemplates.page("task", title: task.latest.task, root: Self.root, generatedAt: generatedAt, context)
    }

    /// One sheet per report, oldest first, named by its date.
    func workbook() -> Workbook {
        Workbook(
            title: model.title,
            sheets: model.reports.map { report in
                let date = report.snapshot.publishedAt.map { String(time.display($0).prefix(10)) } ?? "日期不详"
                return Workbook.Sheet(
                    name: date, header: SiteCSV.header, rows: report.snapshot.entries.map(SiteCSV.cells))
            },
            widths: [14, 6, 40, 18, 18, 60])
    }

    /// The latest report's tasks for the search page (`GW_TASKS`).
    func searchShard() -> String {
        struct Item: Encodable {
            var t: String
            var u: String
            var s: String
            var p: String
        }
        let items: [Item] = (model.latest?.snapshot.entries ?? []).compactMap { entry in
            guard let task = model.task(of: entry) else { return nil }
            return Item(
                t: entry.task, u: (entry.leadUnits + entry.supportingUnits).joined(separator: "、"), s: model.title,
                p: model.folder + "/" + task.name)
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
