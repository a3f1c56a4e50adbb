public import GovwatchCore

/// Parses lead units (牵头单位) out of task cells and unit columns.
public enum LeadUnits {
    static let labels: [String] = ["具体责任单位", "牵头单位", "责任单位", "牵头部门", "责任部门"]
    // Switches, not sets: these run on every scalar of every unit clause.
    // `UnitListSplitter.mark` reads the same marks by their bytes: a mark
    // added here goes there too (`UnitListByBytesTests` compares them).
    @inline(__always) static func isOpener(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "(", "（", "[", "【", "〔", "［": true
        default: false
        }
    }
    @inline(__always) static func isCloser(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case ")", "）", "]", "】", "〕", "］": true
        default: false
        }
    }
    @inline(__always) static func isSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "、", ",", "，", ";", "；": true
        default: false
        }
    }

    /// The opener matching the closer at `close`, by bracket depth (so
    /// `[牵头单位:市府办(市大数据局)]` is one group), or nil. Over a string's
    /// scalars in place or an array of them alike.
    static func opener<C: BidirectionalCollection>(matching close: C.Index, in s: C) -> C.Index?
    where C.Element == Unicode.Scalar {
        var depth = 0
        var index = s.index(after: close)
        while index > s.startIndex {
            index = s.index(before: index)
            if isCloser(s[index]) {
                depth += 1
            } else if isOpener(s[index]) {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// `end` moved back over the scalars `skip` accepts.
    static func back<C: BidirectionalCollection>(
        from end: C.Index, in s: C, over skip: (Unicode.Scalar) -> Bool
    ) -> C.Index where C.Element == Unicode.Scalar {
        var end = end
        while end > s.startIndex, skip(s[s.index(before: end)]) { end = s.index(before: end) }
        return end
    }

    /// What a clause may be followed by at the end of a cell: noise and a final `。` or `.`.
    static func isClauseTail(_ scalar: Unicode.Scalar) -> Bool {
        DisplayText.isNoise(scalar) || scalar == "。" || scalar == "."
    }

    /// Splits a trailing lead-unit clause off a task text.
    ///
    /// The clause is anchored at the END of the text (`…报表。(牵头单位:市疫情防控办)`),
    /// because 牵头单位 also occurs in ordinary task sentences. Its brackets are
    /// matched by depth, so `[牵头单位:市府办(市大数据局)]` yields one unit.
    /// Returns nil when the text has no such clause.
    public static func splitTrailingClause(_ text: String) -> (task: String, units: [String])? {
        // Walk back over the scalars in place: no copy of the cell text.
        let scalars = text.unicodeScalars
        let end = back(from: scalars.endIndex, in: scalars, over: isClauseTail)
        guard end > scalars.startIndex else { return nil }
        let closeIndex = scalars.index(before: end)
        guard isCloser(scalars[closeIndex]), let openIndex = opener(matching: closeIndex, in: scalars) else {
            return nil
        }
        let inner = DisplayText.clean(Substring(scalars[scalars.index(after: openIndex)..<closeIndex]))
        guard let label = labels.first(where: { inner.utf8.starts(with: $0.utf8) }) else { return nil }
        var rest = inner.unicodeScalars.dropFirst(label.unicodeScalars.count)
        guard let colon = rest.first, colon == ":" || colon == "：" else { return nil }
        rest = rest.dropFirst()
        let taskEnd = back(from: openIndex, in: scalars, over: DisplayText.isNoise)
        return (String(Substring(scalars[..<taskEnd])), split(String(rest)))
    }

    /// Units from a unit column's paragraphs. A paragraph that starts with a
    /// bracket is an alias of the unit before it (`市财政局` / `(市国资委)`).
    /// From rules 3, a unit name Word broke over two paragraphs
    /// (`市人力资源` / `社会保障局`) is one unit: a paragraph that does not end
    /// like a unit name runs on into the next.
    public static func fromCell(_ paragraphs: [String], rules: ReadingRules = .version1) -> [String] {
        var joined = ""
        var runsOn = false
        for paragraph in paragraphs where !paragraph.isEmpty {
            // A paragraph opening like a unit's name (市…, 各…) never continues one.
            let opensAUnit = paragraph.unicodeScalars.first.map { "市县区省各国".unicodeScalars.contains($0) } ?? false
            if let first = paragraph.unicodeScalars.first, isOpener(first) || joined.isEmpty || (runsOn && !opensAUnit)
            {
                joined += paragraph
            } else {
                joined += "、" + paragraph
            }
            runsOn = rules.readsWiderVocabulary && !endsLikeAUnit(DisplayText.clean(paragraph))
        }
        return split(joined, rules: rules)
    }

    /// The last characters of a unit's name (局, 委, 办, 政府, 中心 …), a
    /// closing bracket, or a separator: a paragraph ending otherwise is cut.
    static func endsLikeAUnit(_ text: String) -> Bool {
        guard let last = text.last else { return true }
        if "局委办院府心司会部厅处所队站馆行团位门室组区县市镇街社校台署关联协厂园道班乡村城学场港".contains(last) { return true }
        return isSeparator(last.unicodeScalars.first!) || last == ")" || last == "）" || last == "。"
    }

    /// Splits a list of units on 、 , ， ; ； at bracket depth 0, dropping
    /// bracketed notes such as `(列第一位者为牵头单位,下同)`. From rules 2 on,
    /// angle brackets group too and `A、B分别牵头` names each as a lead.
    public static func split(_ text: String, rules: ReadingRules = .version1) -> [String] {
        var text = text
        return text.withUTF8 { UnitListSplitter(bytes: $0, angles: rules.readsEveryUnitClause).units() }
    }
}
