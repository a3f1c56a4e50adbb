import Testing

@testable import GovwatchCore

/// Byte-level search and replacement find what character-level ones find,
/// and text where they would not (compatibility ideographs, combining
/// marks) is sent down the character path, so no series key moves.
@Suite("Byte search")
struct ByteSearchTests {
    @Test func replacesAndFindsLikeTheCharacterPath() {
        let title = "2023年度市政府工作报告重点工作任务半年度完成情况"
        #expect(title.replacingUTF8("年度", with: "") == title.replacing("年度", with: ""))
        let range = title.firstRangeUTF8(of: "半年度")
        #expect(range.map { String(title[$0]) } == "半年度" && range == title.firstRange(of: "半年度"))
        #expect(title.firstRangeUTF8(of: "前三季度") == nil && "".replacingUTF8("年", with: "x") == "")
    }

    /// Found in place, in strings and in substrings of them, where a
    /// search over copied arrays (the earlier code) found it.
    @Test func findsWhereASearchOverCopiesFinds() {
        func reference(_ hay: [UInt8], _ pin: [UInt8]) -> Int? {
            guard !pin.isEmpty, hay.count >= pin.count else { return nil }
            return (0...(hay.count - pin.count)).first { hay[$0..<$0 + pin.count].elementsEqual(pin) }
        }
        let pieces = ["年", "度", "半", "2", "0", "-", "月", "a", "😀", "年度", "半年"]
        var state: UInt64 = 12
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            let text = (0..<next(12)).map { _ in pieces[next(pieces.count)] }.joined()
            let needle = (0..<next(3)).map { _ in pieces[next(pieces.count)] }.joined()
            let tail = text.dropFirst(next(3))
            let expected = reference(Array(tail.utf8), Array(needle.utf8))
            let found = tail.firstRangeUTF8(of: needle)
            #expect(found.map { tail.utf8.distance(from: tail.utf8.startIndex, to: $0.lowerBound) } == expected)
            #expect(found.map { String(tail[$0]) } == (expected == nil ? nil : needle))
            #expect(tail.containsUTF8(needle) == (needle.isEmpty || expected != nil), "\(tail) \(needle)")
            #expect(
                String(tail).firstRangeUTF8(of: needle).map { String(String(tail)[$0]) }
                    == found.map { String(tail[$0]) })
        }
    }

    @Test func compatibilityIdeographsAndCombiningMarksTakeTheCharacterPath() {
        #expect("2023年度半年度完成情况".comparesAsBytes)
        #expect(!"2023\u{F98E}度半年度完成情况".comparesAsBytes)  // 年 as a compatibility ideograph
        #expect(!"e\u{301}".comparesAsBytes)
        // The character path (canonical equivalence) still removes the period
        // word written with the compatibility ideograph, as before byte search.
        let compatible = "2023\u{F98E}度市政府工作报告重点工作任务半\u{F98E}度完成情况"
        #expect(ReportSeries.key(title: compatible)?.stem == "2023市政府工作报告重点工作任务")
    }
}
