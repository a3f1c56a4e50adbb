import GovwatchCore

/// Inline SVG pictures: no script, no external resource, scaled to the
/// page's width. Only numbers and our own fixed words go into them; every
/// text a report supplied stays in the HTML around them, escaped there.
enum SiteCharts {
    /// One part of a bar: its words, how many, and its colour class.
    struct Part {
        var label: String
        var count: Int
        var kind: String
    }

    /// A stacked bar of `parts` (empty ones left out), with a legend that
    /// gives each part's count: `nil` when there is nothing to draw.
    static func bar(_ title: String, _ parts: [Part]) -> String? {
        let shown = parts.filter { $0.count > 0 }
        let total = shown.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        var x = 0.0
        var rects = ""
        for part in shown {
            let width = Double(part.count) * 1000 / Double(total)
            rects +=
                "<rect class=\"c-\(part.kind)\" x=\"\(format(x))\" y=\"0\" width=\"\(format(width))\" height=\"24\">"
            rects += "<title>\(part.label)\(part.count)项</title></rect>"
            x += width
        }
        let legend = shown.map { "<span class=\"key c-\($0.kind)\"></span>\($0.label)\($0.count)项" }
            .joined(separator: "　")
        return "<figure class=\"chart\"><figcaption>\(title)</figcaption>"
            + "<svg viewBox=\"0 0 1000 24\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(title)\">"
            + rects + "</svg><div class=\"legend\">\(legend)</div></figure>"
    }

    /// A report's tasks by status (unknown ones as 未注明).
    static func statusBar(_ counts: [EntryStatus.Class: Int], of total: Int) -> String? {
        guard !counts.isEmpty else { return nil }
        let order: [EntryStatus.Class] = [.lagging, .notStarted, .onTrack, .done]
        var parts = order.map { Part(label: ReviewerWords.statusLabel($0), count: counts[$0] ?? 0, kind: $0.rawValue) }
        parts.append(Part(label: "未注明", count: total - counts.values.reduce(0, +), kind: "unknown"))
        return bar("按状态", parts)
    }

    /// A unit's tasks by status in each of a series' reports, a bar per
    /// report beside its period, oldest first: nil for fewer than two.
    static func statusHistory(_ points: [StatusPoint]) -> String? {
        guard points.count >= 2 else { return nil }
        let order: [EntryStatus.Class] = [.lagging, .notStarted, .onTrack, .done]
        var rows = ""
        for point in points where point.total > 0 {
            var x = 0.0
            var rects = ""
            let known = point.counts.values.reduce(0, +)
            let parts =
                order.map { (ReviewerWords.statusLabel($0), point.counts[$0.rawValue] ?? 0, $0.rawValue) }
                + [("未注明", point.total - known, "unknown")]
            for (label, count, kind) in parts where count > 0 {
                let width = Double(count) * 1000 / Double(point.total)
                rects +=
                    "<rect class=\"c-\(kind)\" x=\"\(format(x))\" y=\"0\" width=\"\(format(width))\" height=\"24\">"
                rects += "<title>\(escape(point.label))：\(label)\(count)项</title></rect>"
                x += width
            }
            rows +=
                "<div class=\"hrow\"><span class=\"hlabel\">\(escape(point.label))</span>"
                + "<svg viewBox=\"0 0 1000 24\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(escape(point.label))\">"
                + rects + "</svg></div>"
        }
        let legend = (order.map { ($0.rawValue, ReviewerWords.statusLabel($0)) } + [("unknown", "未注明")])
            .map { "<span class=\"key c-\($0.0)\"></span>\($0.1)" }.joined(separator: "　")
        return
            "<figure class=\"chart\"><figcaption>各期状态</figcaption>\(rows)<div class=\"legend\">\(legend)</div></figure>"
    }

    /// A report's tasks by how they moved since the report before.
    static func movementBar(moved: Int, unchanged: Int, listed: Int) -> String? {
        bar(
            "较上一期",
            [
                Part(label: "有新进展", count: moved, kind: "moved"),
                Part(label: "进展未更新", count: unchanged, kind: "unchanged"),
                Part(label: "新列入", count: listed, kind: "listed"),
            ])
    }

    /// A series' reports over the months of its year (or the years it
    /// spans): a dot per report at its publication date, its period below.
    static func timeline(_ reports: [(published: String?, label: String)]) -> String? {
        let dates = reports.compactMap { report in report.published.flatMap(dayNumber).map { ($0, report.label) } }
        guard dates.count > 1, let first = dates.map(\.0).min(), let last = dates.map(\.0).max(), last > first else {
            return nil
        }
        var marks = "<line class=\"axis\" x1=\"10\" y1=\"14\" x2=\"990\" y2=\"14\"/>"
        for (day, label) in dates {
            let x = 10 + Double(day - first) * 980 / Double(last - first)
            marks +=
                "<circle class=\"c-report\" cx=\"\(format(x))\" cy=\"14\" r=\"6\"><title>\(escape(label))</title></circle>"
        }
        let span = "\(label(of: first))—\(label(of: last))"
        return "<figure class=\"chart\"><figcaption>各期发布时间（\(span)）</figcaption>"
            + "<svg class=\"line\" viewBox=\"0 0 1000 28\" role=\"img\" aria-label=\"各期发布时间\">\(marks)</svg></figure>"
    }

    /// Days since 2000-01-01 of an RFC 3339 date (its local date as written).
    static func dayNumber(_ rfc3339: String) -> Int? {
        let parts = rfc3339.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return (parts[0] - 2000) * 372 + (parts[1] - 1) * 31 + (parts[2] - 1)  // ordered; spacing close enough
    }

    static func label(of day: Int) -> String {
        "\(2000 + day / 372)年\(day % 372 / 31 + 1)月"
    }

    /// Text inside SVG markup, escaped as in HTML.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static func format(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
