public import GovwatchCore

/// Lead and supporting units named in a clause (`牵头单位：X；配合单位：Y`).
public struct UnitAssignment: Sendable, Hashable {
    public var leads: [String] = []
    public var supporting: [String] = []

    public init(leads: [String] = [], supporting: [String] = []) {
        self.leads = leads
        self.supporting = supporting
    }

    var isEmpty: Bool { leads.isEmpty && supporting.isEmpty }
}

/// Reads unit clauses at the end of a task text, in every form Zhejiang
/// reports use: `(牵头单位：X)`, `[牵头单位：X(Y)]`, and bare `责任单位：X`,
/// `牵头单位：X；配合单位：Y` with no brackets (possibly in their own
/// paragraph). Clauses are anchored at the END of the text: the same words
/// occur inside ordinary task sentences (`由牵头单位负责…`), where no colon
/// follows them or a sentence does.
public enum UnitClauses {
    static let leadLabels = ["具体责任单位", "牵头单位", "责任单位", "牵头部门", "责任部门", "主办单位"]
    static let supportingLabels = ["配合单位", "协办单位", "配合部门", "协同单位", "参与单位"]
    /// Every label as scalars, with whether it names lead units.
    static let labelScalars: [(scalars: [Unicode.Scalar], lead: Bool)] =
        leadLabels.map { (Array($0.unicodeScalars), true) } + supportingLabels.map { (Array($0.unicodeScalars), false) }

    /// A label and the colon after it at `index` of `s`: whether it names
    /// lead units, and where the units start.
    static func label(in s: [Unicode.Scalar], at index: Int) -> (lead: Bool, unitsStart: Int)? {
        guard index < s.count else { return nil }
        switch s[index] {  // every label starts with one of these
        case "具", "牵", "责", "主", "配", "协", "参": break
        default: return nil
        }
        for (scalars, lead) in labelScalars where index + scalars.count < s.count {
            guard s[index..<index + scalars.count].elementsEqual(scalars) else { continue }
            var after = index + scalars.count
            while after < s.count, DisplayText.isNoise(s[after]) { after += 1 }
            guard after < s.count, s[after] == ":" || s[after] == "：" else { continue }
            return (lead, after + 1)
        }
        return nil
    }

    /// Splits trailing unit clauses off `text`; nil when it ends in none.
    /// The task keeps its own final punctuation (`…报表。`), as stored keys
    /// of bracketed clauses always had it.
    public static func splitTrailing(_ text: String) -> (task: String, units: UnitAssignment)? {
        guard mayHoldClause(text) else { return nil }
        if let single = singleBracketedClause(text) { return single }
        let s = Array(text.unicodeScalars)
        var taskEnd = s.count
        var units = UnitAssignment()
        var found = false
        while true {
            let end = LeadUnits.back(from: taskEnd, in: s, over: LeadUnits.isClauseTail)
            guard end > 0 else { break }
            if LeadUnits.isCloser(s[end - 1]), let open = LeadUnits.opener(matching: end - 1, in: s),
                let inner = clauses(s, open + 1, end - 1, bare: false)
            {
                units = merge(inner, before: units)
                taskEnd = LeadUnits.back(from: open, in: s, over: DisplayText.isNoise)
                found = true
                continue
            }
            guard let start = lastBareLabel(s, before: end), let bare = clauses(s, start, end, bare: true) else {
                break
            }
            units = merge(bare, before: units)
            // A bare clause's separator stays with it: `…编制，责任部门：X` leaves `…编制`.
            taskEnd = LeadUnits.back(from: start, in: s) {
                DisplayText.isNoise($0) || "，,；;".unicodeScalars.contains($0)
            }
            found = true
        }
        guard found else { return nil }
        return (String(String.UnicodeScalarView(s[..<taskEnd])), units)
    }

    /// Every label ends in 单位 or 部门 and a colon follows: most task cells
    /// hold neither, and are let go without copying their scalars.
    static func mayHoldClause(_ text: String) -> Bool {
        var text = text
        // One pass over the bytes for 位 (E4 BD 8D) or 门 (E9 97 A8) before `:` or `：` (EF BC 9A).
        return text.withUTF8 { bytes in
            var index = 0
            while index + 3 < bytes.count {
                let lead = bytes[index]
                if (lead == 0xE4 && bytes[index + 1] == 0xBD && bytes[index + 2] == 0x8D)
                    || (lead == 0xE9 && bytes[index + 1] == 0x97 && bytes[index + 2] == 0xA8)
                {
                    let next = bytes[index + 3]
                    if next == UInt8(ascii: ":") { return true }
                    if next == 0xEF, index + 5 < bytes.count, bytes[index + 4] == 0xBC, bytes[index + 5] == 0x9A {
                        return true
                    }
                }
                index += 1
            }
            return false
        }
    }

    /// The common form, read in place: one bracketed clause at the end
    /// (`…。(牵头单位:市民政局)`) and no other clause before it. Nil for
    /// anything else, which the general reading then handles.
    ///
    /// Walks the text's UTF-8 backwards a scalar at a time: a quarter fewer
    /// instructions than the same walk over `unicodeScalars` indices.
    static func singleBracketedClause(_ text: String) -> (task: String, units: UnitAssignment)? {
        var scanned = text
        return scanned.withUTF8 { bytes in
            let scanner = UTF8Scanner(bytes: bytes)
            let end = scanner.back(from: bytes.count, over: LeadUnits.isClauseTail)
            guard end > 0 else { return nil }
            let (closer, close) = scanner.scalar(before: end)
            guard LeadUnits.isCloser(closer), let open = scanner.opener(matching: close) else { return nil }
            let innerStart = open + scanner.scalar(at: open).1
            guard let units = bracketedUnits(text.utf8Slice(innerStart..<close)) else { return nil }
            let taskEnd = scanner.back(from: open, over: DisplayText.isNoise)
            let task = text.utf8Piece(0..<taskEnd)
            // Another clause before this one: leave it to the general reading.
            if mayHoldClause(task) || (taskEnd > 0 && LeadUnits.isCloser(scanner.scalar(before: taskEnd).0)) {
                return nil
            }
            return (task, units)
        }
    }

    /// The units of a bracket's inside that starts with a label; one label
    /// (the common case) is split in place, several go through ``clauses``.
    static func bracketedUnits(_ inner: Substring) -> UnitAssignment? {
        guard let (lead, unitsStart) = leadingLabel(Array(inner.unicodeScalars.prefix(12))) else { return nil }
        let rest = String(inner.unicodeScalars.dropFirst(unitsStart))
        guard !mayHoldClause(rest) else {
            let scalars = Array(inner.unicodeScalars)
            return clauses(scalars, 0, scalars.count, bare: false)
        }
        let list = LeadUnits.split(rest, rules: .current)
        guard !list.isEmpty else { return nil }
        return lead ? UnitAssignment(leads: list) : UnitAssignment(supporting: list)
    }

    /// Units of a unit column that may name both kinds
    /// (`牵头单位：市发改委 配合单位：市财政局`); plain lists are all leads.
    public static func fromCell(_ paragraphs: [String], rules: ReadingRules = .current) -> UnitAssignment {
        guard let first = paragraphs.first, startsWithLabel(first) else {
            return UnitAssignment(leads: LeadUnits.fromCell(paragraphs, rules: rules))
        }
        let s = Array(paragraphs.joined(separator: "、").unicodeScalars)
        return clauses(s, 0, s.count, bare: false)
            ?? UnitAssignment(leads: LeadUnits.fromCell(paragraphs, rules: rules))
    }

    /// True for `责任单位：…`, `牵头单位：…`, `配合单位：…` and the other labels.
    public static func startsWithLabel(_ text: String) -> Bool {
        leadingLabel(Array(text.unicodeScalars.prefix(12))) != nil
    }

    /// The label `s` starts with, after any noise (see ``label(in:at:)``).
    static func leadingLabel(_ s: [Unicode.Scalar]) -> (lead: Bool, unitsStart: Int)? {
        var start = 0
        while start < s.count, DisplayText.isNoise(s[start]) { start += 1 }
        return label(in: s, at: start)
    }

    /// `s[start..<end]` read as one or more `label：units` groups, or nil
    /// when it does not start with a label. A bare clause whose "units" read
    /// like prose (`牵头单位：负责统筹全市…`) is not a clause.
    static func clauses(_ s: [Unicode.Scalar], _ start: Int, _ end: Int, bare: Bool) -> UnitAssignment? {
        var index = start
        while index < end, DisplayText.isNoise(s[index]) { index += 1 }
        guard index < end, label(in: s, at: index) != nil else { return nil }
        var units = UnitAssignment()
        var depth = 0
        var current: (lead: Bool, unitsStart: Int)?
        func close(at position: Int) {
            guard let group = current, group.unitsStart < position else { return }
            let list = LeadUnits.split(
                String(String.UnicodeScalarView(s[group.unitsStart..<position])), rules: .current)
            if group.lead { units.leads += list } else { units.supporting += list }
        }
        while index < end {
            if LeadUnits.isOpener(s[index]) { depth += 1 }
            if LeadUnits.isCloser(s[index]) { depth = max(depth - 1, 0) }
            if depth == 0, let next = label(in: s, at: index), next.unitsStart <= end {
                close(at: index)
                current = next
                index = next.unitsStart
                continue
            }
            index += 1
        }
        close(at: end)
        if units.isEmpty { return nil }
        if bare, (units.leads + units.supporting).contains(where: { $0.unicodeScalars.count > 25 }) { return nil }
        return units
    }

    /// The first label after the last sentence stop at bracket depth 0
    /// before `end`, at a boundary: a bare clause runs from there to the end.
    static func lastBareLabel(_ s: [Unicode.Scalar], before end: Int) -> Int? {
        var depth = 0
        var candidate: Int?
        for index in 0..<end {
            let scalar = s[index]
            if LeadUnits.isOpener(scalar) {
                depth += 1
            } else if LeadUnits.isCloser(scalar) {
                depth = max(depth - 1, 0)
            } else if depth == 0 {
                if scalar == "。" || scalar == "！" || scalar == "？" {
                    candidate = nil  // a sentence after the label: the label was prose
                } else if candidate == nil, isBoundary(s, before: index), label(in: s, at: index) != nil {
                    candidate = index
                }
            }
        }
        return candidate
    }

    /// A bare label starts the text or follows punctuation or a space
    /// (`…报表。责任单位：`), never a word (`由牵头单位：`).
    static func isBoundary(_ s: [Unicode.Scalar], before index: Int) -> Bool {
        guard index > 0 else { return true }
        let previous = s[index - 1]
        switch previous {
        case "。", ".", "；", ";", "，", ",", "：", ":", "！", "？", "!", "?", "、": return true
        default: return DisplayText.isNoise(previous)
        }
    }

    /// Clauses read from the end backwards: earlier ones come first.
    static func merge(_ earlier: UnitAssignment, before later: UnitAssignment) -> UnitAssignment {
        UnitAssignment(leads: earlier.leads + later.leads, supporting: earlier.supporting + later.supporting)
    }
}
