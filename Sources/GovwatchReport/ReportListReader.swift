public import GovwatchCore

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

    public static func read(
        _ paragraphs: [String], title: String? = nil, rules: ReadingRules = .current, explain: Bool = false
    ) -> ReportReading {
        var state = ReadingState(title: title.map(ComparableText.fold), rules: rules)
        if explain { state.notes = ReadingNotes() }
        var reader = ListWalk(paragraphs: paragraphs, rules: rules)
        reader.walk(&state)
        let tasks = state.entries.count
        let withProgress = state.entries.contains { !$0.entry.progress.isEmpty } || reader.sawProgressLabel
        state.note("list: \(tasks) task(s) in \(paragraphs.count) paragraph(s)")
        return ReportReading(
            tables: [], entries: state.assignKeys(), kind: withProgress ? .progress : .assignment,
            notes: state.notes?.lines ?? [])
    }

    /// `(number, star, text)` of a paragraph that starts with `N.` `N、`
    /// `N．` (or `N*.`), or nil. Scalar by scalar: this runs on every
    /// paragraph, several times with the look-ahead.
    static func numbered(_ paragraph: String) -> (number: String, star: Bool, text: String)? {
        let scalars = paragraph.unicodeScalars
        guard let first = scalars.first, first.value >= 0x30, first.value <= 0x39 else { return nil }
        var index = scalars.startIndex
        var digits = 0
        while index < scalars.endIndex, scalars[index].value >= 0x30, scalars[index].value <= 0x39 {
            digits += 1
            guard digits <= 2 else { return nil }
            index = scalars.index(after: index)
        }
        let number = String(scalars[scalars.startIndex..<index])
        guard index < scalars.endIndex else { return nil }
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
        return (number, star, text)
    }

    /// A section heading (`一、…`, `(一)…`) without its ordinal, or nil.
    static func sectionHeading(_ paragraph: String) -> String? {
        guard paragraph.utf8.count <= 180, let first = paragraph.unicodeScalars.first,
            first == "(" || first == "（" || ProgressItems.chineseNumeral(first) != nil
        else { return nil }
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
        let utf8 = paragraph.utf8
        for label in progressLabels where utf8.starts(with: label.utf8) {
            let rest = paragraph.unicodeScalars.dropFirst(label.unicodeScalars.count).drop(while: DisplayText.isNoise)
            guard let colon = rest.first, colon == ":" || colon == "：" else { continue }
            return DisplayText.clean(Substring(rest.dropFirst()))
        }
        return nil
    }

    /// True when `paragraph` starts like ``numbered(_:)`` accepts, without
    /// building anything: what the look-ahead asks of every paragraph.
    static func startsNumbered(_ paragraph: String) -> Bool {
        var utf8 = paragraph.utf8.makeIterator()
        var digits = 0
        var byte = utf8.next()
        while let current = byte, current >= 0x30, current <= 0x39 {
            digits += 1
            byte = utf8.next()
        }
        guard digits >= 1, digits <= 2, var mark = byte else { return false }
        if mark == UInt8(ascii: "*") {
            guard let next = utf8.next() else { return false }
            mark = next
        }
        if mark == UInt8(ascii: ".") { return true }
        // 、 (E3 80 81) or ． (EF BC 8E); ＊ (EF BC 8A) then a mark is rare enough to leave to `numbered`.
        return mark == 0xE3 || mark == 0xEF
    }

    /// A line that ends a notice: its date, a signature, a bracketed note
    /// such as `(本文有删减)` or `(此件公开发布)`. Cheap tests first: it is
    /// asked of every progress paragraph.
    static func isClosingLine(_ paragraph: String) -> Bool {
        let utf8 = paragraph.utf8
        guard utf8.count <= 120, let lastByte = utf8.last else { return false }  // 40 CJK scalars at most
        // Every closing line ends in ) ） 日 or the last character of a signature.
        let endings = ["）", ")", "日", "府", "室", "会", "厅"]
        guard lastByte == UInt8(ascii: ")") || endings.contains(where: paragraph.hasSuffixUTF8) else { return false }
        let scalars = Array(paragraph.unicodeScalars.filter { !DisplayText.isNoise($0) })
        guard let first = scalars.first, let last = scalars.last, scalars.count <= 40 else { return false }
        if (first == "(" || first == "（") && (last == ")" || last == "）") { return true }
        let dateScalars = "年月日〇零一二三四五六七八九十".unicodeScalars
        if last == "日", scalars.contains("年"), scalars.contains("月"),
            scalars.allSatisfy({ ($0.value >= 0x30 && $0.value <= 0x39) || dateScalars.contains($0) })
        {
            return true
        }
        let punctuation = "。，,；;：:！？".unicodeScalars
        guard scalars.count <= 30, !scalars.contains(where: punctuation.contains) else { return false }
        let text = String(String.UnicodeScalarView(scalars))
        return ["人民政府", "办公室", "委员会", "政府", "办公厅"].contains(where: text.hasSuffixUTF8)
    }
}
