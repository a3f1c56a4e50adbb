import GovwatchCore

/// The list-form lines of other provinces' reports that rules 3 read
/// (``ReadingRules/readsWiderVocabulary``): each recognised here and, for
/// unit lines, rewritten into the `牵头单位：X；配合单位：Y` form the unit
/// reader knows, so rules 1 and 2 read every page exactly as before.
enum ListLines {
    /// Leader lines: the task's leader, kept among its extras under the label.
    static let leaderLabels = ["分管省领导", "分管市领导", "分管副市长", "牵头负责领导", "责任领导", "分管领导", "牵头领导"]

    /// `分管省领导：张三` → (`分管省领导`, `张三`), or nil.
    static func leader(_ paragraph: String) -> (label: String, name: String)? {
        let text = DisplayText.clean(paragraph)
        for label in leaderLabels where text.hasPrefix(label) {
            let rest = text.dropFirst(label.count)
            guard let colon = rest.first, colon == ":" || colon == "：" else { continue }
            let name = String(rest.dropFirst()).trimmingCharacters(in: "。；;")
            return name.isEmpty ? nil : (label, name)
        }
        return nil
    }

    /// A unit line in a form only rules 3 read, as the unit reader's form:
    /// `牵头责任单位：X。` → `牵头单位：X`, `部门分工：X牵头，Y、Z配合` →
    /// `牵头单位：X；配合单位：Y、Z`. Nil for any other paragraph.
    static func unitLine(_ paragraph: String) -> String? {
        let text = DisplayText.clean(paragraph)
        for label in ["牵头责任单位", "责任单位", "牵头单位"] where text.hasPrefix(label) {
            let rest = text.dropFirst(label.count)
            guard let colon = rest.first, colon == ":" || colon == "：" else { continue }
            // The sentence's full stop is not part of the last unit.
            let units = String(rest.dropFirst()).trimmingCharacters(in: "。")
            return units.isEmpty ? nil : "牵头单位：" + units
        }
        guard text.hasPrefix("部门分工"), let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else {
            return nil
        }
        let body = String(text[text.index(after: colon)...]).trimmingCharacters(in: "。")
        // X牵头，Y、Z配合 (or X牵头；Y配合, or X牵头 alone).
        guard let lead = body.firstRange(of: "牵头") else { return nil }
        let leads = String(body[..<lead.lowerBound])
        var rest = String(body[lead.upperBound...]).trimmingCharacters(in: "，,；; ")
        guard !leads.isEmpty else { return nil }
        var line = "牵头单位：" + leads
        if rest.hasSuffix("配合") || rest.hasSuffix("协同") || rest.hasSuffix("参与") {
            rest = String(rest.dropLast(2))
            if !rest.isEmpty { line += "；配合单位：" + rest }
        }
        return line
    }

    /// A site footer that ended up in the body (`主办单位：…`, `承办：…`,
    /// `技术支持：…`, an ICP number): the list ends there, and it is never
    /// a unit line.
    static func isFooter(_ paragraph: String) -> Bool {
        let text = DisplayText.clean(paragraph)
        if text.contains("ICP") || text.contains("网站标识码") || text.contains("公网安备") { return true }
        return ["主办单位", "主办：", "主办:", "承办单位", "承办：", "承办:", "技术支持", "版权所有"].contains {
            text.hasPrefix($0)
        }
    }

    /// `一、张三市长负责事项（共9项）` → without the count, as the section.
    static func withoutCount(_ heading: String) -> String {
        guard let last = heading.last, last == ")" || last == "）",
            let open = heading.lastIndex(where: { $0 == "(" || $0 == "（" })
        else { return heading }
        let inside = heading[heading.index(after: open)..<heading.index(before: heading.endIndex)]
        guard inside.hasPrefix("共"), inside.hasSuffix("项") || inside.hasSuffix("条") || inside.hasSuffix("件") else {
            return heading
        }
        return DisplayText.clean(String(heading[..<open]))
    }

    /// `(一)推进…` / `（十二）…`: a task numbered by a bracketed Chinese
    /// numeral (under a `一、` heading); its number and text, or nil.
    static func bracketedTask(_ paragraph: String) -> (number: String, text: String)? {
        let scalars = Array(paragraph.unicodeScalars.prefix(8))
        guard let first = scalars.first, first == "(" || first == "（",
            let (_, end) = ProgressItems.chineseNumber(scalars, from: 1), end < scalars.count,
            scalars[end] == ")" || scalars[end] == "）"
        else { return nil }
        let number = String(String.UnicodeScalarView(scalars[1..<end]))
        let text = DisplayText.clean(String(paragraph.unicodeScalars.dropFirst(end + 1)))
        return text.isEmpty ? nil : (number, text)
    }

    /// The leads a task's own sentence names, `……，由市发改委、市财政局牵头。`,
    /// when it names no unit otherwise; nil unless what stands between 由
    /// and 牵头 reads as units (ends like a unit's name, no clause mark).
    static func ledBy(_ task: String) -> [String]? {
        guard let lead = task.ranges(of: "牵头").last, let by = task[..<lead.lowerBound].lastIndex(of: "由") else {
            return nil
        }
        let named = String(task[task.index(after: by)..<lead.lowerBound])
        guard !named.isEmpty, named.count <= 40, !named.contains(where: { "，。；;,:：".contains($0) }) else {
            return nil
        }
        let units = LeadUnits.split(named, rules: .version3)
        // Each must end as an office's name does: prose (由市里统一部署牵头) does not.
        let offices = "局委办厅府院会部室队处所站馆社行团镇乡村）)"
        guard !units.isEmpty, units.allSatisfy({ $0.last.map(offices.contains) ?? false }) else { return nil }
        return units
    }
}
