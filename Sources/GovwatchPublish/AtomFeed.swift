public import GovwatchCore

/// An Atom 1.0 feed of alerts (RFC 4287). Entry ids are `urn:govwatch:alert:<id>`
/// from the alerts' own deterministic ids, so they stay the same across rewrites.
public enum AtomFeed {
    /// What feed readers show as the feed's name (`[daemon] feed_title`).
    public static let defaultTitle = "政务公开监测提醒"

    public static func render(
        alerts: [Alert], title: String = AtomFeed.defaultTitle, updated: Timestamp,
        feedID: String = "urn:govwatch:feed"
    ) -> String {
        let newest = alerts.enumerated().sorted {
            ($0.element.detectedAt, $0.offset) > ($1.element.detectedAt, $1.offset)
        }.map(\.element)
        var lines = [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            "  <title>\(x(title))</title>",
            "  <id>\(x(feedID))</id>",
            "  <updated>\(newest.first?.detectedAt ?? updated.rfc3339)</updated>",
            "  <author><name>\(x(title))</name></author>",
            "  <generator>govwatch</generator>",
        ]
        for alert in newest {
            lines.append("  <entry>")
            lines.append("    <id>urn:govwatch:alert:\(x(alert.id))</id>")
            lines.append("    <title>\(x(alert.summary))</title>")
            lines.append("    <updated>\(x(alert.detectedAt))</updated>")
            if let published = alert.publishedAt.flatMap(Timestamp.init(rfc3339:)) {
                lines.append("    <published>\(published.rfc3339)</published>")
            }
            lines.append("    <category term=\"\(x(alert.kind.rawValue))\" label=\"\(x(alert.kind.chineseName))\"/>")
            if let url = alert.url { lines.append("    <link rel=\"alternate\" href=\"\(x(url))\"/>") }
            lines.append("    <content type=\"html\">\(x(content(alert)))</content>")
            lines.append("  </entry>")
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func content(_ alert: Alert) -> String {
        var html = "<p>\(ChangeLogRenderer.html(alert.summary))</p>"
        let log = ChangeLog.build(alerts: [alert], filter: .init(), generatedAt: Timestamp(epochSeconds: 0))
        for entry in log.documents.first?.entries.prefix(50) ?? [] {
            html +=
                "<p><b>\(ChangeLogRenderer.html(entry.number.map { "\($0). " } ?? ""))\(ChangeLogRenderer.html(entry.task))</b></p><ul>"
            html += entry.progress.map { "<li>\(ChangeLogRenderer.htmlSegments($0.segments))</li>" }.joined() + "</ul>"
        }
        return html
    }

    static func x(_ text: String) -> String { ChangeLogRenderer.html(text) }
}
