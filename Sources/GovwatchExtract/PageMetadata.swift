import GovwatchCore
import GovwatchHTML

/// Reads the metadata a JCMS page carries: `<meta>` tags and the visible
/// metadata block (索引号 … 公开方式), title and 发布日期/来源 line.
enum PageMetadata {
    /// `<meta name=… content=…>` pairs, in any attribute order.
    static func metaTags(in root: MarkupNode) -> [String: String] {
        var tags: [String: String] = [:]
        for meta in root.descendants("meta") {
            guard let name = meta.attribute("name"), let content = meta.attribute("content") else { continue }
            if tags[name] == nil { tags[name] = content }
        }
        return tags
    }

    struct Visible {
        var fields: [String: String] = [:]
        var title: String?
        var publishedAt: String?
        var source: String?
    }

    static let labels: [(label: String, field: String)] = [
        ("信息索引号", "indexNumber"), ("索引号", "indexNumber"),
        ("组配分类", "category"), ("主题分类", "category"),
        ("发布机构", "publisher"),
        ("生成日期", "generatedDate"), ("成文日期", "generatedDate"),
        ("公开方式", "disclosure"),
    ]

    static func field(forLabel text: String) -> String? {
        let folded = ComparableText.fold(text).trimmingCharacters(in: ":")
        return labels.first { $0.label == folded }?.field
    }

    /// Label and value in adjacent cells (the xxgk metadata table).
    static func readLabelCell(_ node: MarkupNode, into visible: inout Visible) {
        let text = node.text
        guard text.utf8.count < 40, let field = field(forLabel: text), visible.fields[field] == nil else { return }
        var next = node.nextSibling
        while let candidate = next, !candidate.isElement { next = candidate.nextSibling }
        if let value = next.map({ DisplayText.clean($0.text) }), !value.isEmpty, Self.field(forLabel: value) == nil {
            visible.fields[field] = value
        }
    }

    /// `信息索引号:value` in one item (the older www template).
    static func readLabelItem(_ node: MarkupNode, into visible: inout Visible) {
        let text = DisplayText.clean(node.text)
        guard text.unicodeScalars.count < 80 else { return }
        for (label, field) in labels where visible.fields[field] == nil && text.hasPrefix(label) {
            var rest = text.dropFirst(label.count)
            guard let colon = rest.first, colon == ":" || colon == "：" else { continue }
            rest = rest.dropFirst()
            if !rest.isEmpty { visible.fields[field] = String(rest) }
        }
    }

    /// Reads the visible metadata from one walk over the page, skipping the
    /// article body (`body`), whose report table can hold thousands of cells.
    static func visible(in root: MarkupNode, skipping body: MarkupNode?) -> Visible {
        var visible = Visible()
        var titleText: String?
        var headTitle: String?
        var dateLine: String?
        root.forEachDescendant { node in
            guard node.isElement else { return false }
            if let body, node == body { return false }
            if node.isElement("script") || node.isElement("style") { return false }
            if node.isElement("title") {
                if headTitle == nil { headTitle = DisplayText.clean(node.text) }
                return false
            }
            if node.isElement("td") || node.isElement("th") {
                readLabelCell(node, into: &visible)
            } else if node.isElement("li") || node.isElement("span") {
                readLabelItem(node, into: &visible)
            }
            if titleText == nil,
                node.isElement("h1") || (node.attribute("class")?.split(separator: " ").contains("title") ?? false)
            {
                let text = DisplayText.clean(node.text)
                if !text.isEmpty { titleText = text }
            }
            if dateLine == nil {
                let own = node.childrenText
                if own.containsUTF8("发布日期") || own.containsUTF8("发布时间") { dateLine = node.text }
            }
            return true
        }
        visible.title = titleText ?? headTitle.flatMap { $0.isEmpty ? nil : $0 }
        // 发布日期:2022-01-06  来源:市政府办公室  访问次数: …
        if let text = dateLine {
            for label in ["发布日期", "发布时间"] {
                if let value = value(after: label, in: text), let date = dateTime(value) {
                    visible.publishedAt = date
                    break
                }
            }
            if let value = value(after: "来源", in: text) {
                let source = DisplayText.clean(value)
                if !source.isEmpty { visible.source = source }
            }
        }
        return visible
    }

    /// The text after `label:` up to the next label or a run of spaces.
    static func value(after label: String, in text: String) -> String? {
        guard let range = text.firstRange(of: label) else { return nil }
        var rest = text[range.upperBound...].drop { $0 == ":" || $0 == "：" || $0 == " " }
        var value = ""
        var spaces = 0
        while let character = rest.first {
            if character == " " || character == "\u{A0}" || character == "\u{3000}" || character == "\t"
                || character == "\n"
            {
                spaces += 1
                if spaces >= 2 || !(value.last?.isNumber ?? false) && !value.isEmpty { break }
            } else {
                if spaces > 0 { value.append(" ") }
                spaces = 0
                value.append(character)
            }
            rest = rest.dropFirst()
            if ["访问次数", "字号", "来源", "浏览次数", "点击数"].contains(where: { rest.hasPrefix($0) }) { break }
        }
        return value.isEmpty ? nil : value
    }

    /// `YYYY-MM-DD` from dates like `2021-07-21`, `2021-7-21`, `2021年7月21日`.
    static func date(_ text: String) -> String? {
        dateParts(text).map { format($0.year, $0.month, $0.day) }
    }

    /// RFC 3339 in China Standard Time when `text` has a time, else `YYYY-MM-DD`.
    static func dateTime(_ text: String) -> String? {
        guard let parts = dateParts(text) else { return nil }
        let day = format(parts.year, parts.month, parts.day)
        guard let hour = parts.hour, let minute = parts.minute else { return day }
        return day + "T" + two(hour) + ":" + two(minute) + ":" + two(parts.second ?? 0) + "+08:00"
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        "\(year)-\(two(month))-\(two(day))"
    }

    struct DateParts {
        var year, month, day: Int
        var hour, minute, second: Int?
    }

    /// Finds the first date (and an optional following time) in `text`.
    static func dateParts(_ text: String) -> DateParts? {
        let numbers = numberRuns(text)
        for (index, run) in numbers.enumerated() where run.value >= 1900 && run.value <= 2100 && run.digits == 4 {
            guard index + 2 < numbers.count else { break }
            let month = numbers[index + 1]
            let day = numbers[index + 2]
            guard (1...12).contains(month.value), (1...31).contains(day.value),
                month.separatorBefore.allSatisfy({ "-/.年".contains($0) }),
                day.separatorBefore.allSatisfy({ "-/.月".contains($0) }),
                !month.separatorBefore.isEmpty, !day.separatorBefore.isEmpty
            else { continue }
            var parts = DateParts(year: run.value, month: month.value, day: day.value)
            if index + 4 < numbers.count {
                let hour = numbers[index + 3]
                let minute = numbers[index + 4]
                if hour.separatorBefore.trimmingCharacters(in: " 日T").isEmpty, minute.separatorBefore == ":",
                    (0...23).contains(hour.value), (0...59).contains(minute.value)
                {
                    parts.hour = hour.value
                    parts.minute = minute.value
                    if index + 5 < numbers.count, numbers[index + 5].separatorBefore == ":" {
                        parts.second = min(numbers[index + 5].value, 59)
                    }
                }
            }
            return parts
        }
        return nil
    }

    struct NumberRun {
        var value: Int
        var digits: Int
        var separatorBefore: String
    }

    static func numberRuns(_ text: String) -> [NumberRun] {
        var runs: [NumberRun] = []
        var separator = ""
        var value = 0
        var digits = 0
        for scalar in text.unicodeScalars {
            var digit: UInt32?
            if scalar.value >= 0x30 && scalar.value <= 0x39 { digit = scalar.value - 0x30 }
            if scalar.value >= 0xFF10 && scalar.value <= 0xFF19 { digit = scalar.value - 0xFF10 }
            if let digit {
                if digits < 9 { value = value * 10 + Int(digit) }
                digits += 1
            } else {
                if digits > 0 {
                    runs.append(NumberRun(value: value, digits: digits, separatorBefore: separator))
                    separator = ""
                    value = 0
                    digits = 0
                }
                if separator.unicodeScalars.count < 4 { separator.unicodeScalars.append(scalar) }
            }
            if runs.count > 64 { break }
        }
        if digits > 0 { runs.append(NumberRun(value: value, digits: digits, separatorBefore: separator)) }
        return runs
    }
}

extension MarkupNode {
    /// Text of this element's own text children (not of nested elements).
    var childrenText: String {
        var text = ""
        var child = firstChild
        while let node = child {
            if node.isText { text += node.text }
            child = node.nextSibling
        }
        return text
    }
}

extension PageMetadata {
    /// A date line with no label, as some CMSs print under the title
    /// (`<span>2017-12-15 00:00</span>`): the first element outside the body
    /// whose own text is a date and an optional time, and nothing else.
    /// Read by rules 3 only, when no labelled date was found.
    static func bareDate(in root: MarkupNode, skipping body: MarkupNode?) -> String? {
        var found: String?
        root.forEachDescendant { node in
            guard found == nil, node.isElement else { return false }
            if let body, node == body { return false }
            if node.isElement("script") || node.isElement("style") || node.isElement("title") { return false }
            // Not cleaned as display text: that drops the space between date and time.
            let own = node.childrenText.trimmingCharacters(in: " \t\r\n\u{A0}\u{3000}")
            if own.utf8.count >= 10, own.utf8.count <= 19,
                own.allSatisfy({ $0.isNumber || "-/: ".contains($0) }), let date = dateTime(own)
            {
                found = date
                return false
            }
            return true
        }
        return found
    }
}
