/// A character-level diff for Chinese text, which has no spaces to split
/// words on. Characters are compared in their folded form (see
/// ``ComparableText``), so width of punctuation and whitespace never show as
/// changes; the segments carry the original text for display. Tiny
/// unchanged islands between changes are merged into the change, so a
/// rewritten sentence reads as one run rather than confetti.
public enum CharacterDiff {
    public struct Segment: Sendable, Hashable, Codable {
        public enum Operation: String, Sendable, Hashable, Codable { case equal, insert, delete }
        public var operation: Operation
        public var text: String

        public init(_ operation: Operation, _ text: String) {
            self.operation = operation
            self.text = text
        }
    }

    /// Longest texts compared character by character; longer ones (rare in
    /// reports) are shown as a whole deletion and insertion.
    public static let maximumLength = 4000

    public static func diff(_ before: String, _ after: String) -> [Segment] {
        let old = characters(before)
        let new = characters(after)
        // Each folded character as a number, equal where the strings are:
        // the table compares numbers (comparing strings there was nearly
        // all of a diff's cost, callgrind).
        var numbers: [String: Int32] = [:]
        func number(_ character: Character) -> Int32 {
            if let known = numbers[character.folded] { return known }
            let next = Int32(numbers.count)
            numbers[character.folded] = next
            return next
        }
        let oldNumbers = old.map(number)
        let newNumbers = new.map(number)
        if oldNumbers == newNumbers { return before.isEmpty ? [] : [Segment(.equal, after)] }
        guard old.count * new.count <= maximumLength * maximumLength / 4, old.count <= maximumLength,
            new.count <= maximumLength
        else {
            return [Segment(.delete, before), Segment(.insert, after)].filter { !$0.text.isEmpty }
        }
        // Classic LCS table over folded characters.
        let n = old.count
        let m = new.count
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] =
                    oldNumbers[i] == newNumbers[j]
                    ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var raw: [Segment] = []
        func push(_ operation: Segment.Operation, _ text: String) {
            if let last = raw.last, last.operation == operation {
                raw[raw.count - 1].text += text
            } else {
                raw.append(Segment(operation, text))
            }
        }
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, oldNumbers[i] == newNumbers[j] {
                push(.equal, new[j].display)
                i += 1
                j += 1
            } else if j < m, i == n || table[i * (m + 1) + j + 1] >= table[(i + 1) * (m + 1) + j] {
                push(.insert, new[j].display)
                j += 1
            } else {
                push(.delete, old[i].display)
                i += 1
            }
        }
        return merged(raw)
    }

    /// Folds equal runs of one or two characters that sit between changes
    /// into those changes (`删A改B` rather than `删|A|改|B`).
    static func merged(_ segments: [Segment]) -> [Segment] {
        var result: [Segment] = []
        var index = 0
        while index < segments.count {
            let segment = segments[index]
            let isIsland =
                segment.operation == .equal && segment.text.count <= 2 && index > 0 && index < segments.count - 1
            if isIsland {
                // An island becomes part of both the deletion and the insertion.
                appendChange(&result, .delete, segment.text)
                appendChange(&result, .insert, segment.text)
            } else if segment.operation == .equal {
                result.append(segment)
            } else {
                appendChange(&result, segment.operation, segment.text)
            }
            index += 1
        }
        return result
    }

    /// Appends to the current run of changes, keeping deletions before insertions.
    static func appendChange(_ result: inout [Segment], _ operation: Segment.Operation, _ text: String) {
        var runStart = result.count
        while runStart > 0, result[runStart - 1].operation != .equal { runStart -= 1 }
        if let index = result[runStart...].firstIndex(where: { $0.operation == operation }) {
            result[index].text += text
        } else if operation == .delete {
            result.insert(Segment(.delete, text), at: runStart)
        } else {
            result.append(Segment(.insert, text))
        }
    }

    struct Character {
        var display: String
        var folded: String
    }

    /// Display characters with their folded forms; noise (whitespace) is
    /// dropped from both sides, so it can never differ.
    static func characters(_ text: String) -> [Character] {
        var result: [Character] = []
        for character in text {
            let display = String(character)
            let folded = ComparableText.fold(display)
            if folded.isEmpty { continue }
            result.append(Character(display: display, folded: folded))
        }
        return result
    }
}
