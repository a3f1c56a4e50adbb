import GovwatchCore
import Testing

@testable import GovwatchPublish

/// Which progress items a task's page and its report mark as new
/// (``SeriesModel/added(_:since:)``): those whose folded text the task's
/// appearance before did not have. Items carried over byte for byte skip
/// the folding now; the answer must be the one folding everything gave.
@Suite("New progress items")
struct NewProgressTests {
    static func byFolding(_ progress: [String], since before: [String]) -> [String] {
        let folded = Set(before.map(ComparableText.fold))
        return progress.filter { !folded.contains(ComparableText.fold($0)) }
    }

    @Test func carriedOverRefoldedAndNewItems() {
        let before = ["1.完成投资12亿元。", "（2）推进改革，已完成。", "e\u{301}tude"]
        let progress = [
            "1.完成投资12亿元。",  // carried over byte for byte
            "（2）推进改革,已完成.",  // half-width punctuation: the same folded
            "1. 完成投资 12 亿元。",  // spaces only: the same folded
            "\u{E9}tude",  // precomposed: canonically the same
            "3.新增一项。",  // new
        ]
        #expect(SeriesModel.added(progress, since: before) == ["3.新增一项。"])
        #expect(SeriesModel.added(progress, since: before) == Self.byFolding(progress, since: before))
        #expect(SeriesModel.added([], since: before).isEmpty)
        #expect(SeriesModel.added(before, since: []) == before)
    }

    @Test func sameAnswerAsFoldingEverythingOnGeneratedItems() {
        let pieces = [
            "完成", "推进", "12", "亿元", "。", ".", "，", ",", " ", "\u{A0}", "（", "(", "①", "e\u{301}", "\u{E9}", "a",
        ]
        var state: UInt64 = 26
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func item() -> String { (0..<(1 + next(6))).map { _ in pieces[next(pieces.count)] }.joined() }
        for _ in 0..<3000 {
            let before = (0..<next(5)).map { _ in item() }
            // Some carried over, some new, in any order.
            let progress = (0..<next(6)).map { _ in before.isEmpty || next(2) == 0 ? item() : before[next(before.count)]
            }
            #expect(SeriesModel.added(progress, since: before) == Self.byFolding(progress, since: before))
        }
    }

    /// Pages mark the very items the model picked, by their bytes: an item
    /// written twice is marked twice, and one canonically equal to an item
    /// of the report before (in other bytes) is neither new nor marked.
    @Test func pagesMarkTheItemsPicked() {
        let before = ["\u{E9}tude"]
        let progress = ["e\u{301}tude", "3.新增一项。", "\u{E9}tude", "3.新增一项。"]
        let added = SeriesModel.added(progress, since: before)
        #expect(added == ["3.新增一项。", "3.新增一项。"])
        #expect(SeriesModel.marked(progress, added: added).map(\.added) == [false, true, false, true])
        #expect(SeriesModel.marked(progress, added: []).map(\.added) == [false, false, false, false])
        #expect(SeriesModel.marked(progress, added: added).map(\.text) == progress)
        // Bytes, not Unicode's equality: canonically equal texts differ.
        #expect(!SeriesModel.sameBytes("\u{E9}tude", "e\u{301}tude") && "\u{E9}tude" == "e\u{301}tude")
        #expect(SeriesModel.sameBytes("", "") && SeriesModel.sameBytes("新增一项。", "新增" + "一项。"))
        #expect(!SeriesModel.sameBytes("新增一项。", "新增一项.") && !SeriesModel.sameBytes("a", ""))
    }
}
