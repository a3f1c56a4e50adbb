/// Renders the change log, task histories and unit listings as Markdown,
/// and escapes text for HTML and XML (the HTML pages are GovwatchPublish's,
/// on the reviewer site's templates).
public enum ChangeLogRenderer {
    public static let changeNames: [EntryChange.Kind: String] = [.added: "新增", .removed: "删除", .modified: "修改"]

    /// What a change to a task is called: under a new report (compared with
    /// the report before it) a task with a progress item the report before
    /// lacks has 新进展, not an edit (修改), and one not in the report
    /// before is 新列入. A task whose units or status changed, or whose
    /// items were only dropped, stays 修改.
    public static func changeName(_ change: EntryChange.Kind, under kind: Alert.Kind, newProgress: Bool) -> String {
        switch (kind, change) {
        case (.documentPublished, .modified) where newProgress: "新进展"
        case (.documentPublished, .added): "新列入"
        default: changeNames[change] ?? ""
        }
    }

    // MARK: Markdown

    /// `sourceTitles`: each source's `title` by name, shown for it.
    public static func markdown(
        _ log: ChangeLog, unitTasks: [UnitTask]? = nil, unit: String? = nil, time: LocalTime = .chinaStandardTime,
        sourceTitles: [String: String] = [:]
    ) -> String {
        var lines: [String] = [
            "# 变更记录", "", "生成时间：\(time.display(log.generatedAt))，\(log.documents.count)条记录", "",
        ]
        if let unitTasks, let unit {
            lines += ["## \(escape(unitHeading(unit, unitTasks)))", ""]
            for task in unitTasks {
                lines.append(
                    "- **\(task.number.map { "\($0). " } ?? "")\(escape(task.task))** — \(escape(task.title ?? task.url))"
                )
                for item in task.progress { lines.append("  - \(escape(item))") }
            }
            lines.append("")
        }
        for document in log.documents {
            lines.append("## \(document.kind.chineseName)：\(escape(document.title ?? document.url ?? document.source))")
            lines.append("")
            lines.append("- \(escape(document.summary))")
            let source = sourceTitles[document.source] ?? document.source
            lines.append("- 时间：\(time.display(document.detectedAt))　来源：\(source)")
            if let url = document.url { lines.append("- 链接：<\(url)>") }
            if let previous = document.previous { lines.append("- 上一期：\(escape(previous.title ?? previous.url))") }
            for field in document.fields {
                lines.append(
                    "- \(ReviewerWords.fieldLabel(field.field))："
                        + markdownSegments(CharacterDiff.diff(field.before ?? "", field.after ?? "")))
            }
            lines.append("")
            for entry in document.entries {
                let number = entry.number.map { "\($0). " } ?? ""
                let name = changeName(entry.change, under: document.kind, newProgress: entry.hasNewProgress)
                lines.append("### \(name)　\(number)\(escape(entry.task))")
                if !entry.leadUnits.isEmpty || entry.leadUnitsBefore != nil {
                    lines.append("牵头单位：" + markdownSegments(unitSegments(entry.leadUnitsBefore, entry.leadUnits)))
                }
                if entry.supportingUnits != nil || entry.supportingUnitsBefore != nil {
                    let segments = unitSegments(entry.supportingUnitsBefore, entry.supportingUnits ?? [])
                    lines.append("配合单位：" + markdownSegments(segments))
                }
                if let status = statusSegments(entry) { lines.append("状态：" + markdownSegments(status)) }
                if let file = entry.attachment { lines.append("读自附件：\(escape(file))") }
                if !entry.taskDiff.isEmpty { lines += ["", "任务：\(markdownSegments(entry.taskDiff))"] }
                lines.append("")
                for item in entry.progress {
                    lines.append("- \(changeNames[item.change] ?? "")：\(markdownSegments(item.segments))")
                }
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// An entry's status, the old one struck out when its class changed
    /// (`~~序时推进~~**滞后**`); nil when the report gives none, then or now.
    public static func statusSegments(_ entry: ChangeLog.EntryLog) -> [CharacterDiff.Segment]? {
        if let before = entry.statusBefore {
            var segments: [CharacterDiff.Segment] = []
            if !before.isEmpty { segments.append(.init(.delete, before)) }
            if let now = entry.status { segments.append(.init(.insert, now)) }
            return segments.isEmpty ? nil : segments
        }
        return entry.status.map { [.init(.equal, $0)] }
    }

    /// `名称含「市民政局」的单位牵头的任务：14项（见于2期报告，共28条）`: tasks are
    /// counted once however many reports list them, and the heading says
    /// that the name is matched in part.
    public static func unitHeading(_ unit: String, _ tasks: [UnitTask]) -> String {
        let distinct = Set(tasks.map { ComparableText.fold($0.task) }).count
        let reports = Set(tasks.map(\.url)).count
        var heading = "名称含「\(unit)」的单位牵头的任务：\(distinct)项"
        if tasks.count > distinct { heading += "（见于\(reports)期报告，共\(tasks.count)条）" }
        return heading
    }

    /// The units after a change, those added marked inserted and those gone
    /// marked deleted (at the end); unmarked when `before` is nil.
    public static func unitSegments(_ before: [String]?, _ after: [String]) -> [CharacterDiff.Segment] {
        guard let before else { return [.init(.equal, after.joined(separator: "、"))] }
        let old = Set(before.map(ComparableText.fold))
        let new = Set(after.map(ComparableText.fold))
        var segments: [CharacterDiff.Segment] = []
        let marked =
            after.map { (old.contains(ComparableText.fold($0)) ? CharacterDiff.Segment.Operation.equal : .insert, $0) }
            + before.filter { !new.contains(ComparableText.fold($0)) }.map {
                (CharacterDiff.Segment.Operation.delete, $0)
            }
        for (index, unit) in marked.enumerated() {
            if index > 0 { segments.append(.init(.equal, "、")) }
            segments.append(.init(unit.0, unit.1))
        }
        return segments
    }

    public static func markdown(_ history: TaskHistory, time: LocalTime = .chinaStandardTime) -> String {
        var lines = ["# 任务进展：\(escape(history.task))", "", "共\(history.reports.count)期报告", ""]
        for report in history.reports {
            let published = report.publishedAt.map(time.display) ?? "发布日期不详"
            lines.append("## \(escape(report.title ?? report.url))（\(published)，第\(report.number ?? "?")项）")
            lines.append("")
            for item in report.progress {
                let isNew = report.added.contains(item)
                lines.append("- " + (isNew ? "**新增** \(escape(item))" : escape(item)))
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func markdownSegments(_ segments: [CharacterDiff.Segment]) -> String {
        segments.map { segment in
            switch segment.operation {
            case .equal: escape(segment.text)
            case .insert: "**\(escape(segment.text))**"
            case .delete: "~~\(escape(segment.text))~~"
            }
        }.joined()
    }

    static func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "*", "_", "~", "`", "[", "]", "<", ">", "|", "#": output += "\\\(character)"
            case "\n": output += " "
            default: output.append(character)
            }
        }
        return output
    }

    // MARK: HTML (the pages themselves are GovwatchPublish's templates)

    public static func htmlSegments(_ segments: [CharacterDiff.Segment]) -> String {
        segments.map { segment in
            switch segment.operation {
            case .equal: html(segment.text)
            case .insert: "<ins>\(html(segment.text))</ins>"
            case .delete: "<del>\(html(segment.text))</del>"
            }
        }.joined()
    }

    /// Escapes text for HTML and XML content and attribute values.
    public static func html(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                // Characters XML 1.0 forbids (C0 controls but tab/newline/return) are dropped.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
