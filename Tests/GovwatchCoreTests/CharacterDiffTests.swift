import Testing

@testable import GovwatchCore

/// The diff's table compares folded characters as numbers; it must find
/// what comparing their strings found (the earlier code, kept here as the
/// reference), on texts drawn from characters that fold alike and not.
@Suite("Character diff by numbers")
struct CharacterDiffTests {
    /// The earlier diff: the same table and walk over folded strings.
    static func reference(_ before: String, _ after: String) -> [CharacterDiff.Segment] {
        let old = CharacterDiff.characters(before)
        let new = CharacterDiff.characters(after)
        if old.map(\.folded) == new.map(\.folded) { return before.isEmpty ? [] : [.init(.equal, after)] }
        let (n, m) = (old.count, new.count)
        var table = [Int32](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] =
                    old[i].folded == new[j].folded
                    ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var raw: [CharacterDiff.Segment] = []
        func push(_ operation: CharacterDiff.Segment.Operation, _ text: String) {
            if let last = raw.last, last.operation == operation {
                raw[raw.count - 1].text += text
            } else {
                raw.append(.init(operation, text))
            }
        }
        var (i, j) = (0, 0)
        while i < n || j < m {
            if i < n, j < m, old[i].folded == new[j].folded {
                push(.equal, new[j].display)
                (i, j) = (i + 1, j + 1)
            } else if j < m, i == n || table[i * (m + 1) + j + 1] >= table[(i + 1) * (m + 1) + j] {
                push(.insert, new[j].display)
                j += 1
            } else {
                push(.delete, old[i].display)
                i += 1
            }
        }
        return CharacterDiff.merged(raw)
    }

    @Test func numbersFindWhatStringsFound() {
        // Width and whitespace fold away; é composed and decomposed are equal strings.
        let pieces = ["完", "成", "工", "程", "2", "２", "0", "%", "％", ",", "，", " ", "　", "。", "e\u{301}", "é", "a", "A"]
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func text() -> String { (0..<next(14)).map { _ in pieces[next(pieces.count)] }.joined() }
        for _ in 0..<2_000 {
            let before = text()
            // Half the time an edit of the text before, as reports are edited.
            let after = next(2) == 0 ? text() : before.prefix(next(before.count + 1)) + text()
            #expect(CharacterDiff.diff(before, after) == Self.reference(before, after), "\(before) → \(after)")
        }
    }
}
