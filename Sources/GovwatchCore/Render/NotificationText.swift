/// The words of a notification: a short Chinese title, and a body naming
/// the report, the changed tasks with their new progress items, and the link.
/// Several alerts make one message when a platform's rate limit calls for it.
public enum NotificationText {
    public static func title(_ alerts: [Alert], prefix: String? = nil) -> String {
        let head = prefix.map { $0.replacing("{count}", with: "\(alerts.count)") } ?? "【政务公开提醒】"
        guard alerts.count == 1, let alert = alerts.first else { return head + "\(alerts.count)条提醒" }
        return head + "\(alert.kind.chineseName)：\(alert.title ?? alert.source)"
    }

    /// Markdown as the robots render it (headings, bold, links, lists). The
    /// message's title (``title(_:prefix:)``) names a lone alert's report, so
    /// its body does not name it again; several alerts get a heading each.
    public static func markdown(_ alerts: [Alert], limit: Int) -> String {
        var parts: [String] = []
        for alert in alerts {
            let heading = "\(alert.kind.chineseName)：\(alert.title ?? alert.source)"
            var lines = alerts.count > 1 ? ["### \(heading)"] : []
            let detail = detail(alert.summary, after: heading)
            if !detail.isEmpty { lines.append(detail) }
            for change in alert.changes.prefix(10) {
                let number = change.number.map { "\($0). " } ?? ""
                switch change.change {
                case .added: lines.append("- 新增任务 \(number)\(cut(change.task))")
                case .removed: lines.append("- 删除任务 \(number)\(cut(change.task))")
                case .modified:
                    lines.append("- **\(number)\(cut(change.task))**")
                    lines += modifiedLines(change).map { "  - " + $0 }
                }
            }
            if alert.changes.count > 10 { lines.append("- ……共\(alert.changes.count)项变化") }
            if let url = alert.url { lines.append("[查看原文](\(url))") }
            parts.append(lines.joined(separator: "\n"))
        }
        return truncate(parts.joined(separator: "\n\n"), utf8Limit: limit)
    }

    /// What a modified task's change says: its task text and units old → new,
    /// each edited progress item old → new, new items and removed ones.
    static func modifiedLines(_ change: EntryChange) -> [String] {
        var lines: [String] = []
        if let before = change.before, let after = change.after {
            if change.fields.contains("task") { lines.append("任务：\(cut(before.task)) → \(cut(after.task))") }
            if change.fields.contains("leadUnits") {
                lines.append("牵头单位：\(ReviewerWords.units(before.leadUnits)) → \(ReviewerWords.units(after.leadUnits))")
            }
            if change.fields.contains("supportingUnits") {
                lines.append(
                    "配合单位：\(ReviewerWords.units(before.supportingUnits)) → \(ReviewerWords.units(after.supportingUnits))"
                )
            }
            if let (was, now) = change.statusChange {
                lines.append("状态：\(was?.text ?? "未注明") → \(now?.text ?? "未注明")")
            }
        }
        let items = ChangeLog.progressEdits(change).map { edit in
            switch edit {
            case let .edited(old, new): "修改：\(cut(old, 60)) → \(cut(new, 60))"
            case let .added(new): "新进展：\(new)"
            case let .removed(old): "删除进展：\(cut(old, 60))"
            }
        }
        lines += items.prefix(4)
        if items.count > 4 { lines.append("……另有\(items.count - 4)处进展变化") }
        return lines
    }

    /// The summary without the words the heading already says
    /// (`报告更新：T：1项修改` → `1项修改`).
    static func detail(_ summary: String, after heading: String) -> String {
        guard summary.hasPrefix(heading) else { return summary }
        var rest = Substring(summary.dropFirst(heading.count))
        if rest.first == "：" { rest = rest.dropFirst() }
        return String(rest)
    }

    static func cut(_ text: String, _ length: Int = 40) -> String {
        text.count > length ? String(text.prefix(length)) + "…" : text
    }

    /// Plain text. With `heading` (mail, whose body is read apart from its
    /// subject) a lone alert's body begins with what it is about, once.
    public static func plain(_ alerts: [Alert], heading: Bool = true) -> String {
        let head =
            heading && alerts.count == 1
            ? alerts.map { "\($0.kind.chineseName)：\($0.title ?? $0.source)\n" }.joined() : ""
        return head
            + markdown(alerts, limit: 200_000)
            .replacing("### ", with: "")
            .replacing("**", with: "")
    }

    /// Cuts text to at most `utf8Limit` bytes on a character boundary.
    public static func truncate(_ text: String, utf8Limit: Int) -> String {
        guard text.utf8.count > utf8Limit else { return text }
        var result = ""
        var used = 0
        let marker = "\n……（内容过长，已截断）"
        for character in text {
            let size = String(character).utf8.count
            if used + size + marker.utf8.count > utf8Limit { break }
            result.append(character)
            used += size
        }
        return result + marker
    }
}
