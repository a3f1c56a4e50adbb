/// The words of a notification: a short Chinese title, and a body naming
/// the report, the changed tasks with their new progress items, and the link.
/// Several alerts make one message when a platform's rate limit calls for it.
public enum NotificationText {
    public static func title(_ alerts: [Alert], prefix: String? = nil) -> String {
        let head = prefix.map { $0.replacing("{count}", with: "\(alerts.count)") } ?? "【政务公开提醒】"
        guard alerts.count == 1, let alert = alerts.first else { return head + "\(alerts.count)条提醒" }
        return head + "\(alert.kind.chineseName)：\(alert.title ?? alert.source)"
    }

    /// Markdown as the robots render it (headings, bold, links, lists).
    public static func markdown(_ alerts: [Alert], limit: Int) -> String {
        var parts: [String] = []
        for alert in alerts {
            var lines = ["### \(alert.kind.chineseName)：\(alert.title ?? alert.source)", alert.summary]
            for change in alert.changes.prefix(10) {
                let number = change.number.map { "\($0). " } ?? ""
                let task = change.task.count > 40 ? String(change.task.prefix(40)) + "…" : change.task
                switch change.change {
                case .added: lines.append("- 新增任务 \(number)\(task)")
                case .removed: lines.append("- 删除任务 \(number)\(task)")
                case .modified:
                    lines.append("- **\(number)\(task)**")
                    for item in change.progressAdded.prefix(3) { lines.append("  - 新进展：\(item)") }
                }
            }
            if alert.changes.count > 10 { lines.append("- ……共\(alert.changes.count)项变化") }
            if let url = alert.url { lines.append("[查看原文](\(url))") }
            parts.append(lines.joined(separator: "\n"))
        }
        return truncate(parts.joined(separator: "\n\n"), utf8Limit: limit)
    }

    /// Plain text (mail).
    public static func plain(_ alerts: [Alert]) -> String {
        markdown(alerts, limit: 200_000)
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
