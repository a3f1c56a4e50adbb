import Foundation
import GovwatchCore
import GovwatchTestKit
import Testing

@testable import GovwatchReport

/// The common unit clause (`…。(牵头单位:市民政局)`) is found by walking the
/// task's UTF-8 backwards now: task texts and units must be those the walk
/// over `unicodeScalars` gave, or stored entry keys would change and
/// re-alert old reports after an upgrade.
@Suite("A trailing unit clause by bytes")
struct UnitClauseByBytesTests {
    /// `singleBracketedClause` as it was, over the string's scalars, kept verbatim.
    static func clauseByScalars(_ text: String) -> (task: String, units: UnitAssignment)? {
        let view = text.unicodeScalars
        let end = LeadUnits.back(from: view.endIndex, in: view, over: LeadUnits.isClauseTail)
        guard end > view.startIndex, LeadUnits.isCloser(view[view.index(before: end)]) else { return nil }
        let close = view.index(before: end)
        guard let open = LeadUnits.opener(matching: close, in: view),
            let units = UnitClauses.bracketedUnits(Substring(view[view.index(after: open)..<close]))
        else { return nil }
        let task = String(view[..<LeadUnits.back(from: open, in: view, over: DisplayText.isNoise)])
        if UnitClauses.mayHoldClause(task) || task.unicodeScalars.last.map(LeadUnits.isCloser) == true { return nil }
        return (task, units)
    }

    static func expectSame(_ texts: [String]) -> Int {
        var found = 0
        for text in texts {
            let expected = clauseByScalars(text)
            let actual = UnitClauses.singleBracketedClause(text)
            #expect(actual?.task == expected?.task && actual?.units == expected?.units, "\(text)")
            if expected != nil { found += 1 }
        }
        return found
    }

    @Test func sameOnEveryTextOfTheSeedPages() throws {
        let texts = try SeedPages.textsBetweenTags().flatMap { $0 }
        // The seed's tasks end in `(牵头单位:…)`: most of them must be found.
        #expect(Self.expectSame(texts) > 150)
    }

    /// Brackets of every kind, nested and unbalanced, labels, clause
    /// tails, noise, and text around them, including four-byte scalars.
    @Test func sameOnGeneratedTexts() {
        let pieces = [
            "(", ")", "（", "）", "[", "]", "【", "】", "〔", "〕", "［", "］", "牵头单位", "配合单位", "责任部门", ":", "：",
            "市民政局", "市府办", "、", "，", ";", "。", ".", " ", "\u{A0}", "\u{3000}", "\u{200B}", "推进", "😀", "é", "a",
        ]
        var random = SplitMix64(seed: 0x5851_F42D_4C95_7F2D)  // so that a failure reproduces
        func next(_ bound: Int) -> Int { random.next(below: bound) }
        // Half end like a clause, so that the comparison reaches the units.
        let texts = (0..<20_000).map { turn in
            let body = (0..<next(10)).map { _ in pieces[next(pieces.count)] }.joined()
            let tail =
                turn % 2 == 0 ? "" : "(牵头单位:" + (0..<next(5)).map { _ in pieces[next(pieces.count)] }.joined() + ")"
            return body + tail + (next(3) == 0 ? "。" : "")
        }
        #expect(Self.expectSame(texts) > 2000)
    }
}
