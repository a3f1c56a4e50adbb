import Testing

@testable import GovwatchCore

@Suite("Display and comparable text")
struct TextTests {
    @Test func removesWhitespaceNoiseBetweenChineseCharacters() {
        #expect(DisplayText.clean("对接\u{A0}工作\n 完成") == "对接工作完成")
        #expect(DisplayText.clean("  ①\u{3000}组织 ") == "①组织")
    }

    @Test func removesStraySpacesInsideNumbers() {
        #expect(DisplayText.clean("增长 1 0 . 6 %") == "增长10.6%")
    }

    @Test func keepsOneSpaceBetweenLatinWords() {
        #expect(DisplayText.clean("PM\u{A0}\u{A0}2.5 浓度") == "PM 2.5浓度")
        #expect(DisplayText.clean("ORE  ZHOUSHAN") == "ORE ZHOUSHAN")
        #expect(DisplayText.clean("5G 基站") == "5G基站")
    }

    @Test func foldsWidthButKeepsCircledNumbers() {
        #expect(ComparableText.fold("（牵头单位：市府办）①，完成。") == "(牵头单位:市府办)①,完成.")
        #expect(ComparableText.fold("Ａ１　b") == "A1b")
        #expect(ComparableText.fold("a b") == ComparableText.fold("a\u{A0}b"))
    }

    @Test func stableHashIsFNV1a() {
        // FNV-1a 64 test vectors.
        #expect(StableHash.hex(of: [""]) == "cbf29ce484222325")
        #expect(StableHash.hex(of: ["a"]) == "af63dc4c8601ec8c")
        #expect(StableHash.hex(of: ["a", "b"]) != StableHash.hex(of: ["ab"]))
    }

    /// Keys and content hashes are stored: the hex must be what
    /// `String(radix:)` padded to sixteen digits always gave.
    @Test func stableHashHexIsSixteenPaddedLowercaseDigits() {
        var leadingZeros = 0
        for number in 0..<20_000 {
            var hash = StableHash()
            hash.combine(String(number))
            let digits = String(hash.value, radix: 16)
            #expect(hash.hex == String(repeating: "0", count: 16 - digits.count) + digits)
            if digits.count < 16 { leadingZeros += 1 }
        }
        #expect(leadingZeros > 100)  // the padding is exercised
    }
}
