/// Reads reports written as paragraphs instead of a table, as district
/// progress notices (通报) and task-assignment notices (责任分解) often are:
///
///     一、X市长牵头重点工作            ← a section (kept without its ordinal)
///     1. 推进…。                       ← a task (`N.` `N、` `N．`, `N*.`)
///     牵头单位：A  配合单位：B         ← its units
///     完成情况：…                      ← optional progress, one or more paragraphs
///
/// A numbered paragraph is a task only when a unit line follows it (within
/// ``taskLookahead`` paragraphs) or it ends in a unit clause itself: progress
/// items are numbered too, and the unit line is what every task has. The
/// preamble, salutation (`各县(区)人民政府，…：`), signature, date and
/// `(本文有删减)` lines belong to no task. Keys hash section and task as in
/// tables, so numbering that restarts per section keeps keys unique.
public enum ReportListReader {
    /// Paragraphs a task's text may run over before its unit line.
    static let taskLookahead = 3
    static let progressLabels = ["完成情况", "进展情况", "推进情况", "工作进展", "进展", "执行情况", "落实情况"]

    public static func read(_ paragraphs: [String], title: String? = nil, explain: Bool = false) -> ReportReading {
        var state = ReadingState(title: title.map(ComparableText.fold), rules: .current)
        if explain { state.notes = ReadingNotes() }
        var reader = ListWalk(paragraphs: paragraphs)
        reader.walk(&state)
        let tasks = state.entries.count
        let withProgress = state.entries.contains { !$0.entry.progress.isEmpty } || reader.sawProgressLabel
        state.note("list: \(tasks) task(s) in \(paragraphs.count) paragraph(s)")
        return ReportReading(
            tables: [], entries: state.assignKeys(), kind: withProgress ? .progress : .assignment,
            notes: state.notes?.lines ?? [])
    }

    /// `(number, star, text)` of a paragraph that starts with `N.` `N、`
    /// `N．` (or `N*.`), or nil.
    static func numbered(_ paragraph: String) -> (number: String, star: Bool, text: String)? {
        let scalars = paragraph.unicodeScalars
        var index = scalars.startIndex
        var digits = ""
        while index < scalars.endIndex, digits.count < 3, scalars[index].properties.numericType == .decimal,
            scalars[index].value < 0x80
        {
            digits.unicodeScalars.append(scalars[index])
            index = scalars.index(after: index)
        }
        guard !digits.isEmpty, digits.count <= 2, index < scalars.endIndex else { return nil }
        var star = false
        if scalars[index] == "*" || scalars[index] == "＊" {
            star = true
            index = scalars.index(after: index)
            guard index < scalars.endIndex else { return nil }
        }
        let mark = scalars[index]
        guard mark == "." || mark == "、" || mark == "．" || (star && DisplayText.isNoise(mark)) else { return nil }
        let text = DisplayText.clean(Substring(scalars[scalars.index(after: index)...]))
        guard !text.isEmpty else { return nil }
        return (digits, star, text)
    }

    /// A section heading (`一、…`, `(一)…`) without its ordinal, or nil.
    static func sectionHeading(_ paragraph: String) -> String? {
        let scalars = Array(paragraph.unicodeScalars)
        guard scalars.count <= 60, let last = scalars.last, last != "。", last != "；", last != "：" else { return nil }
        var start: Int?
        if let (_, end) = ProgressItems.chineseNumber(scalars, from: 0), end < scalars.count, scalars[end] == "、" {
            start = end + 1
        } else if scalars[0] == "(" || scalars[0] == "（", let (_, end) = ProgressItems.chineseNumber(scalars, from: 1),
            end < scalars.count, scalars[end] == ")" || scalars[end] == "）"
        {
            start = end + 1
        }
        guard let start else { return nil }
        let text = DisplayText.clean(String(String.UnicodeScalarView(scalars[start...])))
        return text.isEmpty ? nil : text
    }

    /// The text after a progress label (`完成情况：…`), or nil.
    static func progressLine(_ paragraph: String) -> String? {
        for label in progressLabels where paragraph.hasPrefix(label) {
            let rest = paragraph.dropFirst(label.count).drop { DisplayText.isNoise($0.unicodeScalars.first!) }
            guard let colon = rest.first, colon == ":" || colon == "：" else { continue }
            return DisplayText.clean(rest.dropFirst())
        }
        return nil
    }

    /// A line that ends a notice: its date, a signature, a bracketed note
    /// such as `(本文有删减)` or `(此件公开发布)`.
    static func isClosingLine(_ paragraph: String) -> Bool {
        let scalars = Array(paragraph.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 40 else { return false }
        if let first = scalars.first, let last = scalars.last, first == "(" || first == "（", last == ")" || last == "）" {
            return true
        }
        let text = paragraph.filter { !$0.isWhitespace }
        if text.hasSuffix("日"), text.contains("年"), text.contains("月"),
            text.allSatisfy({ $0.isNumber || "年月日〇零一二三四五六七八九十".contains($0) })
        {
            return true
        }
        let punctuation = "。，,；;：:！？"
        let signatures = ["人民政府", "办公室", "委员会", "政府", "办公厅"]
        return scalars.count <= 30 && !paragraph.contains(where: { punctuation.contains($0) })
            && signatures.contains(where: text.hasSuffix)
    }
}
