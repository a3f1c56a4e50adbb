import Foundation
import GovwatchTestKit
import Testing

@testable import GovwatchCore

/// `EntryStatusWords.status(ofProgress:)` folds each item into a reused
/// buffer and builds only a short last clause; it must say what folding
/// every item into a string said. The old code is kept here as the
/// reference (its `lastClause` written as `clauses(_:).last`, which
/// `EntryFieldsTests` checks against a split by Character).
@Suite("A status read from progress by bytes")
struct ProgressStatusByBytesTests {
    /// The status as it was read before: each item folded into a string.
    static func referenceStatus(_ progress: [String]) -> EntryStatus? {
        var found: (EntryStatus.Class, String)?
        for item in progress {
            let folded = ComparableText.fold(item)
            guard !folded.utf8.contains(UInt8(ascii: ":")), let clause = EntryStatusWords.clauses(folded).last,
                let state = EntryStatusWords.phraseClass(clause)
            else {
                continue
            }
            if let found, found.0 != state { return nil }
            found = (state, clause)
        }
        return found.map { EntryStatus($0.0, text: $0.1, from: .text) }
    }

    static func expectSame(_ lists: [[String]]) -> Int {
        var statuses = 0
        for progress in lists {
            let expected = referenceStatus(progress)
            #expect(EntryStatusWords.status(ofProgress: progress) == expected, "\(progress)")
            if expected != nil { statuses += 1 }
        }
        return statuses
    }

    @Test func sameStatusOnEveryTextOfTheSeedPages() throws {
        var lists: [[String]] = []
        // Every text between tags, raw (noise and all): alone, and in runs of three.
        for texts in try SeedPages.textsBetweenTags() {
            lists += texts.map { [$0] }
            lists += stride(from: 0, to: texts.count - 2, by: 1).map { Array(texts[$0..<$0 + 3]) }
        }
        #expect(lists.count > 1000)
        _ = Self.expectSame(lists)
    }

    /// Items drawn from what the reading turns on: every phrase, clause
    /// marks of both widths, colons, noise, and text around them.
    @Test func sameStatusOnGeneratedItems() {
        let phrases = EntryStatusWords.phrases.flatMap(\.1).sorted()
        let pieces =
            phrases + [
                "，", ",", "。", ".", "、", "；", ";", "！", "?", "？", "\n", "：", ":", "﹕", " ", "\u{A0}", "\u{3000}",
                "\u{200B}", "\u{FEFF}", "（", "）", "正在验收", "一期", "投资12亿元", "已", "完成", "滞", "后", "a", "Ａ",
                "é", "😀", "\u{0301}", "\u{FE0F}", "“", "”", "｡",
            ]
        var random = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)  // so that a failure reproduces
        func next(_ bound: Int) -> Int { random.next(below: bound) }
        let lists = (0..<6000).map { _ in
            (0..<(1 + next(3))).map { _ in (0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined() }
        }
        // The inputs must reach the phrases, or the comparison proves little.
        #expect(Self.expectSame(lists) > 300)
    }
}
