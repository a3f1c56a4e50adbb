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
