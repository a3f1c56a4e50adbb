/// Renders the change log, task histories and unit listings as Markdown or
/// as one self-contained HTML file (inline CSS, no scripts, no external
/// resources; CJK font stack; readable on a phone).
public enum ChangeLogRenderer {
    static let changeNames: [EntryChange.Kind: String] = [.added: "新增", .removed: "删除", .modified: "修改"]

    // MARK: Markdown

    public static func markdown(
        _ log: ChangeLog, unitTasks: [UnitTask]? = nil, unit: String? = nil, time: LocalTime = .chinaStandardTime
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
            lines.append("- 时间：\(time.display(document.detectedAt))　来源：\(document.source)")
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
                lines.append("### \(changeNames[entry.change] ?? "")　\(number)\(escape(entry.task))")
                if !entry.leadUnits.isEmpty || entry.leadUnitsBefore != nil {
                    lines.append("牵头单位：" + markdownSegments(unitSegments(entry.leadUnitsBefore, entry.leadUnits)))
                }
                if entry.supportingUnits != nil || entry.supportingUnitsBefore != nil {
                    let segments = unitSegments(entry.supportingUnitsBefore, entry.supportingUnits ?? [])
                    lines.append("配合单位：" + markdownSegments(segments))
                }
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

    /// `名称含「市民政局」的单位牵头的任务：14项（见于2期报告，共28条）`: tasks are
    /// counted once however many reports list them, and the heading says
    /// that the name is matched in part.
    static func unitHeading(_ unit: String, _ tasks: [UnitTask]) -> String {
        let distinct = Set(tasks.map { ComparableText.fold($0.task) }).count
        let reports = Set(tasks.map(\.url)).count
        var heading = "名称含「\(unit)」的单位牵头的任务：\(distinct)项"
        if tasks.count > distinct { heading += "（见于\(reports)期报告，共\(tasks.count)条）" }
        return heading
    }

    /// The units after a change, those added marked inserted and those gone
    /// marked deleted (at the end); unmarked when `before` is nil.
    static func unitSegments(_ before: [String]?, _ after: [String]) -> [CharacterDiff.Segment] {
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

    // MARK: HTML

    static let style = """
        :root{color-scheme:light dark}
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;
        margin:0 auto;max-width:52rem;padding:1rem;line-height:1.7;font-size:16px;color:#1d1d1f;background:#fff}
        h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;padding-top:.8rem;border-top:1px solid #ddd}
        h3{font-size:1rem;margin:1rem 0 .3rem}.meta{color:#666;font-size:.9rem}.kind{display:inline-block;padding:0 .4rem;border-radius:.3rem;
        background:#eef;color:#225;font-size:.85rem;margin-right:.4rem}.entry{border-left:3px solid #ccd;padding-left:.7rem;margin:.8rem 0}
        ins{background:#d7f5dd;color:#0a3d17;text-decoration:none;border-bottom:2px solid #2e9d4a}
        del{background:#fbe0e0;color:#6b1111;text-decoration:line-through}
        ul{padding-left:1.2rem}li{margin:.25rem 0}a{color:#1a5fb4;word-break:break-all}
        @media (prefers-color-scheme:dark){body{background:#111;color:#eee}.meta{color:#aaa}ins{background:#0f3d1c;color:#c9f5d3}
        del{background:#4a1414;color:#f5caca}.kind{background:#223;color:#ccf}}
        """

    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <title>\(html(title))</title>
        <style>\(style)</style></head>
        <body>
        \(body)
        </body></html>

        """
    }

    public static func html(
        _ log: ChangeLog, unitTasks: [UnitTask]? = nil, unit: String? = nil, time: LocalTime = .chinaStandardTime
    ) -> String {
        var body =
            "<h1>变更记录</h1>\n<p class=\"meta\">生成时间 \(html(time.display(log.generatedAt)))，\(log.documents.count)条记录</p>\n"
        if let unitTasks, let unit {
            body += "<h2>\(html(unitHeading(unit, unitTasks)))</h2>\n"
            for task in unitTasks {
                body += "<div class=\"entry\"><h3>\(html(task.number.map { "\($0). " } ?? ""))\(html(task.task))</h3>"
                body += "<p class=\"meta\">\(html(task.title ?? task.url))</p><ul>"
                body += task.progress.map { "<li>\(html($0))</li>" }.joined() + "</ul></div>\n"
            }
        }
        for document in log.documents {
            body += "<h2><span class=\"kind\">\(html(document.kind.chineseName))</span>"
            body += html(document.title ?? document.url ?? document.source) + "</h2>\n"
            body +=
                "<p class=\"meta\">\(html(document.summary))<br>\(html(time.display(document.detectedAt)))　\(html(document.source))"
            if let url = document.url { body += "<br><a href=\"\(html(url))\">\(html(url))</a>" }
            if let previous = document.previous { body += "<br>上一期：\(html(previous.title ?? previous.url))" }
            body += "</p>\n"
            for field in document.fields {
                body +=
                    "<p>\(html(ReviewerWords.fieldLabel(field.field)))："
                    + "\(htmlSegments(CharacterDiff.diff(field.before ?? "", field.after ?? "")))</p>\n"
            }
            for entry in document.entries {
                body +=
                    "<div class=\"entry\"><h3>\(html(changeNames[entry.change] ?? ""))　\(html(entry.number.map { "\($0). " } ?? ""))\(html(entry.task))</h3>"
                if !entry.leadUnits.isEmpty || entry.leadUnitsBefore != nil {
                    body +=
                        "<p class=\"meta\">牵头单位：\(htmlSegments(unitSegments(entry.leadUnitsBefore, entry.leadUnits)))</p>"
                }
                if entry.supportingUnits != nil || entry.supportingUnitsBefore != nil {
                    let segments = unitSegments(entry.supportingUnitsBefore, entry.supportingUnits ?? [])
                    body += "<p class=\"meta\">配合单位：\(htmlSegments(segments))</p>"
                }
                if !entry.taskDiff.isEmpty { body += "<p>任务：\(htmlSegments(entry.taskDiff))</p>" }
                if !entry.progress.isEmpty {
                    body += "<ul>" + entry.progress.map { "<li>\(htmlSegments($0.segments))</li>" }.joined() + "</ul>"
                }
                body += "</div>\n"
            }
        }
        return page(title: "变更记录", body: body)
    }

    public static func html(_ history: TaskHistory, time: LocalTime = .chinaStandardTime) -> String {
        var body =
            "<h1>任务进展：\(html(history.task))</h1>\n<p class=\"meta\">共\(history.reports.count)期报告</p>\n"
        for report in history.reports {
            let published = report.publishedAt.map(time.display) ?? "发布日期不详"
            body +=
                "<h2>\(html(report.title ?? report.url))</h2><p class=\"meta\">\(html(published))　第\(html(report.number ?? "?"))项</p><ul>"
            for item in report.progress {
                body += report.added.contains(item) ? "<li><ins>\(html(item))</ins></li>" : "<li>\(html(item))</li>"
            }
            body += "</ul>\n"
        }
        return page(title: "任务进展", body: body)
    }

    static func htmlSegments(_ segments: [CharacterDiff.Segment]) -> String {
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
