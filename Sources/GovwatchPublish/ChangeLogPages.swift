public import GovwatchCore

/// The change log as HTML, on the site's templates: one page per month in
/// the site, and the page `govwatch changes --format html` prints.
public enum ChangeLogPages {
    /// Where the site has a page for a report and for a task of it.
    struct Links: Sendable {
        var report: @Sendable (String) -> String?
        var task: @Sendable (String, ChangeLog.EntryLog) -> String?
        /// Each source's `title`, by name (shown instead of the name).
        var sourceTitles: [String: String] = [:]
        static let none = Links(report: { _ in nil }, task: { _, _ in nil })
    }

    /// The page `govwatch changes --format html` prints (no navigation: it
    /// is a file of its own).
    public static func html(
        _ log: ChangeLog, unitTasks: [UnitTask]? = nil, unit: String? = nil, time: LocalTime = .chinaStandardTime,
        sourceTitles: [String: String] = [:]
    ) -> String {
        var links = Links.none
        links.sourceTitles = sourceTitles
        var context = logContext(log, time: time, links: links, root: "")
        context["heading"] = "变更记录"
        context["generatedAt"] = time.display(log.generatedAt)
        if let unitTasks, let unit {
            context["unitHeading"] = ChangeLogRenderer.unitHeading(unit, unitTasks)
            context["unitTasks"] = unitTasks.map { task -> [String: Any] in
                [
                    "number": task.number.map { "\($0)." } ?? "", "task": task.task, "report": task.title ?? task.url,
                    "progress": task.progress,
                ]
            }
        }
        return SiteTemplates.page("changes", title: "变更记录", root: nil, generatedAt: nil, context)
    }

    /// A task's history as `govwatch history --format html` prints it: the
    /// task page of the site without its links.
    public static func html(_ history: TaskHistory, time: LocalTime = .chinaStandardTime) -> String {
        let context: [String: Any] = [
            "task": history.task, "reportCount": history.reports.count,
            "reports": history.reports.map { report -> [String: Any] in
                let added = Set(report.added)
                return [
                    "title": report.title ?? report.url,
                    "published": report.publishedAt.map(time.display) ?? "发布日期不详", "number": report.number ?? "?",
                    "units": report.leadUnits.joined(separator: "、"),
                    "progress": report.progress.map { ["text": $0, "added": added.contains($0)] },
                ]
            },
        ]
        return SiteTemplates.page("task", title: "任务进展：\(history.task)", root: nil, generatedAt: nil, context)
    }

    /// A month of the site's change log (`changes/2024-11.html`).
    static func month(_ month: String, log: ChangeLog, time: LocalTime, links: Links, generatedAt: String) -> String {
        var context = logContext(log, time: time, links: links, root: "../")
        context["heading"] = "变更记录：\(monthName(month))"
        return SiteTemplates.page(
            "changes", title: "变更记录：\(monthName(month))", root: "../", generatedAt: generatedAt, context)
    }

    /// `2024-11` → `2024年11月`.
    static func monthName(_ month: String) -> String {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let number = Int(parts[1]) else { return month }
        return "\(parts[0])年\(number)月"
    }

    static func logContext(_ log: ChangeLog, time: LocalTime, links: Links, root: String) -> [String: Any] {
        [
            "count": log.documents.count,
            "documents": log.documents.map { document -> [String: Any] in
                var context: [String: Any] = [
                    "kind": document.kind.chineseName, "title": document.title ?? document.url ?? document.source,
                    "summary": document.summary, "time": time.display(document.detectedAt),
                    "source": links.sourceTitles[document.source] ?? document.source,
                    "fields": document.fields.map { field -> [String: Any] in
                        [
                            "label": ReviewerWords.fieldLabel(field.field),
                            "html": segmentsHTML(CharacterDiff.diff(field.before ?? "", field.after ?? "")),
                        ]
                    },
                    "entries": document.entries.map { entry -> [String: Any] in
                        var context = entryContext(entry)
                        context["change"] = ChangeLogRenderer.changeName(
                            entry.change, under: document.kind, newProgress: entry.hasNewProgress)
                        if let url = document.url, let page = links.task(url, entry) {
                            context["taskPage"] = root + page
                        }
                        return context
                    },
                ]
                if let url = document.url {
                    context["url"] = url
                    if let page = links.report(url) { context["page"] = root + page }
                }
                if let previous = document.previous { context["previous"] = previous.title ?? previous.url }
                return context
            },
        ]
    }

    /// One entry's change: units with those added and removed marked, the
    /// task's text and each progress item, old → new.
    static func entryContext(_ entry: ChangeLog.EntryLog) -> [String: Any] {
        var context: [String: Any] = [
            "number": entry.number.map { "\($0). " } ?? "", "task": entry.task, "hasItems": !entry.progress.isEmpty,
            "items": entry.progress.map { item -> [String: Any] in
                ["name": ChangeLogRenderer.changeNames[item.change] ?? "", "html": segmentsHTML(item.segments)]
            },
        ]
        if !entry.leadUnits.isEmpty || entry.leadUnitsBefore != nil {
            context["leads"] = segmentsHTML(ChangeLogRenderer.unitSegments(entry.leadUnitsBefore, entry.leadUnits))
        }
        if entry.supportingUnits != nil || entry.supportingUnitsBefore != nil {
            context["supporting"] = segmentsHTML(
                ChangeLogRenderer.unitSegments(entry.supportingUnitsBefore, entry.supportingUnits ?? []))
        }
        if let status = ChangeLogRenderer.statusSegments(entry) { context["status"] = segmentsHTML(status) }
        if let file = entry.attachment { context["attachment"] = file }
        if !entry.taskDiff.isEmpty { context["taskDiff"] = segmentsHTML(entry.taskDiff) }
        return context
    }

    /// Marked text: inserted in `<ins>`, deleted in `<del>`, all escaped.
    static func segmentsHTML(_ segments: [CharacterDiff.Segment]) -> String {
        segments.map { segment in
            let text = ChangeLogRenderer.html(segment.text)
            switch segment.operation {
            case .equal: return text
            case .insert: return "<ins>\(text)</ins>"
            case .delete: return "<del>\(text)</del>"
            }
        }.joined()
    }
}
