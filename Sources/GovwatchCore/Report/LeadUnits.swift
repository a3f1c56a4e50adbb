/// Parses lead units (牵头单位) out of task cells and unit columns.
public enum LeadUnits {
    static let labels: [String] = ["具体责任单位", "牵头单位", "责任单位", "牵头部门", "责任部门"]
    static let openers: Set<Unicode.Scalar> = ["(", "（", "[", "【", "〔", "［"]
    static let closers: Set<Unicode.Scalar> = [")", "）", "]", "】", "〕", "］"]
    static let separators: Set<Unicode.Scalar> = ["、", ",", "，", ";", "；"]

    /// Splits a trailing lead-unit clause off a task text.
    ///
    /// The clause is anchored at the END of the text (`…报表。(牵头单位:市疫情防控办)`),
    /// because 牵头单位 also occurs in ordinary task sentences. Its brackets are
    /// matched by depth, so `[牵头单位:市府办(市大数据局)]` yields one unit.
    /// Returns nil when the text has no such clause.
    public static func splitTrailingClause(_ text: String) -> (task: String, units: [String])? {
        // Cheap rejection first: the clause needs a closing bracket near the end.
        guard let lastCharacter = text.unicodeScalars.last(where: { !DisplayText.isNoise($0) && $0 != "。" && $0 != "." }),
              closers.contains(lastCharacter) else { return nil }
        let source = ScalarText(text)
        let scalars = source.scalars
        var count = scalars.count
        while count > 0, DisplayText.isNoise(scalars[count - 1]) || scalars[count - 1] == "。" || scalars[count - 1] == "." {
            count -= 1
        }
        var depth = 0
        var openIndex: Int?
        for index in stride(from: count - 1, through: 0, by: -1) {
            let scalar = scalars[index]
            if closers.contains(scalar) { depth += 1 }
            else if openers.contains(scalar) {
                depth -= 1
                if depth == 0 { openIndex = index; break }
            }
        }
        guard let openIndex else { return nil }
        let inner = DisplayText.clean(source.slice(openIndex + 1, count - 1))
        guard let label = labels.first(where: { inner.hasPrefix($0) }) else { return nil }
        var rest = inner.dropFirst(label.count)
        guard let colon = rest.first, colon == ":" || colon == "：" else { return nil }
        rest = rest.dropFirst()
        return (source.trimmedSlice(0, openIndex), split(String(rest)))
    }

    /// Units from a unit column's paragraphs. A paragraph that starts with a
    /// bracket is an alias of the unit before it (`市财政局` / `(市国资委)`).
    public static func fromCell(_ paragraphs: [String]) -> [String] {
        var joined = ""
        for paragraph in paragraphs where !paragraph.isEmpty {
            if let first = paragraph.unicodeScalars.first, openers.contains(first) || joined.isEmpty {
                joined += paragraph
            } else {
                joined += "、" + paragraph
            }
        }
        return split(joined)
    }

    /// Splits a list of units on 、 , ， ; ； at bracket depth 0, dropping
    /// bracketed notes such as `(列第一位者为牵头单位,下同)`.
    public static func split(_ text: String) -> [String] {
        var units: [String] = []
        var current = String.UnicodeScalarView()
        var bracket = String.UnicodeScalarView()
        var depth = 0
        func flush() {
            let unit = DisplayText.clean(String(current))
            if !unit.isEmpty { units.append(unit) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if depth > 0 {
                bracket.append(scalar)
                if openers.contains(scalar) { depth += 1 }
                if closers.contains(scalar) {
                    depth -= 1
                    if depth == 0 {
                        let note = String(bracket)
                        if !(note.containsUTF8("下同") || note.containsUTF8("牵头单位") || note.containsUTF8("责任单位")) {
                            current.append(contentsOf: bracket)
                        }
                        bracket = String.UnicodeScalarView()
                    }
                }
                continue
            }
            if openers.contains(scalar) {
                depth = 1
                bracket.append(scalar)
            } else if separators.contains(scalar) {
                flush()
            } else {
                current.append(scalar)
            }
        }
        current.append(contentsOf: bracket) // an unclosed bracket stays with its unit
        flush()
        return units
    }
}
