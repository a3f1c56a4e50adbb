import Foundation
import GovwatchCore
import GovwatchTestKit
import Testing

@testable import GovwatchReport

/// Unit lists are split by bytes now (``UnitListSplitter``): the units must
/// be those the scalar walk gave, or stored lead units (hashed) would read
/// differently after an upgrade and re-alert.
@Suite("Unit lists by bytes")
struct UnitListByBytesTests {
    /// Angle brackets, as `LeadUnits` spelled them before the byte splitter
    /// (`UnitListSplitter.mark` reads them by their bytes now).
    static func isAngleOpener(_ s: Unicode.Scalar) -> Bool { s == "<" || s == "＜" || s == "〈" || s == "《" }
    static func isAngleCloser(_ s: Unicode.Scalar) -> Bool { s == ">" || s == "＞" || s == "〉" || s == "》" }

    /// The scalar walk as it was before the byte splitter, kept verbatim.
    static func unitsByScalars(_ text: String, rules: ReadingRules) -> [String] {
        let angles = rules.readsEveryUnitClause
        var units: [String] = []
        var current = String.UnicodeScalarView()
        var bracket = String.UnicodeScalarView()
        var depth = 0
        func flush() {
            var unit = DisplayText.clean(String(current))
            if angles, unit.hasSuffixUTF8("分别牵头") { unit = DisplayText.clean(String(unit.dropLast(4))) }
            if !unit.isEmpty { units.append(unit) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if depth > 0 {
                bracket.append(scalar)
                if LeadUnits.isOpener(scalar) || (angles && isAngleOpener(scalar)) { depth += 1 }
                if LeadUnits.isCloser(scalar) || (angles && isAngleCloser(scalar)) {
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
            if LeadUnits.isOpener(scalar) || (angles && isAngleOpener(scalar)) {
                depth = 1
                bracket.append(scalar)
            } else if LeadUnits.isSeparator(scalar) {
                flush()
            } else {
                current.append(scalar)
            }
        }
        current.append(contentsOf: bracket)
        flush()
        return units
    }

    static func expectSameUnits(_ texts: [String]) {
        for rules in [ReadingRules.version1, .version2, .current] {
            for text in texts {
                #expect(LeadUnits.split(text, rules: rules) == unitsByScalars(text, rules: rules), "\(text)")
            }
        }
    }

    @Test func sameUnitsOnEveryTextOfTheSeedPages() throws {
        let texts = try SeedPages.textsBetweenTags().flatMap { $0 }
        #expect(texts.count > 1000)
        Self.expectSameUnits(texts)
    }

    /// Lists drawn from every mark the splitter reads, the notes it drops,
    /// noise, and scalars of every UTF-8 length.
    @Test func sameUnitsOnGeneratedLists() {
        let pieces = [
            "市发改委", "市财政局", "(", ")", "（", "）", "[", "]", "【", "】", "〔", "〕", "［", "］", "<", ">", "＜", "＞", "〈", "〉",
            "《", "》", "、", ",", "，", ";", "；", "下同", "牵头单位", "责任单位", "分别牵头", " ", "\u{A0}", "\u{3000}",
            "\u{200B}", "é", "e\u{301}", "😀", "\u{0600}", "a", "局", "〇", "｛", "\u{3002}",
        ]
        var random = SplitMix64(seed: 27)
        let texts = (0..<6000).map { _ in
            (0..<random.next(below: 20)).map { _ in pieces[random.next(below: pieces.count)] }.joined()
        }
        Self.expectSameUnits(texts)
    }
}
