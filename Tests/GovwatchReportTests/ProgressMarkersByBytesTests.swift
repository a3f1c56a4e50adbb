import Foundation
import GovwatchCore
import GovwatchTestKit
import Testing

@testable import GovwatchReport

/// Markers are found by bytes now: they must be the markers the scalar walk
/// found, or stored entries would split their progress differently (and
/// re-alert) after an upgrade.
@Suite("Progress markers by bytes")
struct ProgressMarkersByBytesTests {
    /// The scalar-by-scalar walk as it was before the byte scan, kept
    /// verbatim as the reference.
    static func markersByScalars(_ paragraph: String, _ expected: inout ProgressItems.Expectations, rules: ReadingRules)
        -> [ProgressItems.Marker]
    {
        var paragraph = paragraph
        var markers: [ProgressItems.Marker] = []
        paragraph.withUTF8 { bytes in
            let text = UTF8Scanner(bytes: bytes)
            var index = text.skipNoise(from: 0)
            let firstContent = index
            var previous: Unicode.Scalar? = nil
            while index < text.count {
                let (scalar, length) = text.scalar(at: index)
                if ProgressItems.canStartMarker(scalar),
                    let marker = ProgressItems.marker(
                        in: text, at: index, scalar: scalar, previous: previous, rules: rules)
                {
                    let atStart = index == firstContent
                    let afterStop = previous.map(ProgressItems.isSentenceStop) ?? false
                    let afterComma = previous.map(ProgressItems.isComma) ?? false
                    let next = expected.next[marker.kind.rawValue]
                    let inSequence = next == 0 ? marker.ordinal == 1 : marker.ordinal == next
                    let positionOK: Bool
                    switch marker.kind {
                    case .circled, .parenthesizedDigit: positionOK = true
                    case .chineseShi: positionOK = afterStop || afterComma
                    default: positionOK = afterStop
                    }
                    let nested = markers.first.map { $0.kind != marker.kind } ?? false
                    let accepted =
                        marker.ambiguous
                        ? next > 1 && marker.ordinal == next && (atStart || afterStop) && !nested
                        : atStart || (positionOK && inSequence && !nested)
                    if accepted {
                        markers.append(marker)
                        expected.next[marker.kind.rawValue] = marker.ordinal + 1
                        index = marker.end
                        previous = nil
                        continue
                    }
                }
                if !DisplayText.isNoise(scalar) { previous = scalar }
                index += length
            }
        }
        return markers
    }

    static func markersByBytes(_ paragraph: String, _ expected: inout ProgressItems.Expectations, rules: ReadingRules)
        -> [ProgressItems.Marker]
    {
        var paragraph = paragraph
        var markers: [ProgressItems.Marker] = []
        paragraph.withUTF8 { bytes in
            ProgressItems.findMarkers(in: UTF8Scanner(bytes: bytes), expected: &expected, into: &markers, rules: rules)
        }
        return markers
    }

    static func describe(_ markers: [ProgressItems.Marker]) -> [String] {
        markers.map { "\($0.kind) \($0.ordinal) \($0.start)..<\($0.end) \($0.ambiguous)" }
    }

    /// Each cell's paragraphs in turn, with expectations carried between
    /// them as `split` carries them, under every generation of the rules.
    static func expectSameMarkers(_ cells: [[String]]) {
        for rules in [ReadingRules.version1, .version2, .version3, .version4, .version5] {
            for cell in cells {
                var byScalars = ProgressItems.Expectations()
                var byBytes = ProgressItems.Expectations()
                for paragraph in cell {
                    let old = describe(markersByScalars(paragraph, &byScalars, rules: rules))
                    let new = describe(markersByBytes(paragraph, &byBytes, rules: rules))
                    #expect(old == new, "\(paragraph) (rules \(rules.generation))")
                }
            }
        }
    }

    /// The lead-byte test looks its second bytes up in a bit mask now; it
    /// must answer as the switch on exact bytes did, for every pair.
    @Test func theMarkerLeadTestAnswersAsTheSwitchDid() {
        func bySwitch(_ byte: UInt8, _ second: UInt8) -> Bool {
            if byte < 0x80 { return (byte >= 0x30 && byte <= 0x39) || byte == 0x28 }
            switch byte {
            case 0xE2: return second == 0x91 || second == 0x92
            case 0xE4: return second >= 0xB8 && second <= 0xBA
            case 0xE5: return second == 0x85 || second == 0x8D || second == 0x9B
            case 0xEF: return second == 0xBC
            default: return false
            }
        }
        var candidates = 0
        for byte in UInt8.min...UInt8.max {
            for second in UInt8.min...UInt8.max {
                let expected = bySwitch(byte, second)
                [byte, second].withUnsafeBufferPointer {
                    #expect(ProgressItems.mayStartMarker($0, at: 0) == expected, "\(byte) \(second)")
                }
                if expected { candidates += 1 }
            }
        }
        #expect(candidates == 11 * 256 + 9)  // ten digits and `(` with any byte after, nine pairs
        // A lead at the end has no second byte: never a candidate.
        [UInt8(0xE4)].withUnsafeBufferPointer { #expect(!ProgressItems.mayStartMarker($0, at: 0)) }
    }

    @Test func sameMarkersOnEveryTextOfTheSeedPages() throws {
        var cells: [[String]] = []
        // Every text between tags, raw (noise and all), one cell of them.
        for texts in try SeedPages.textsBetweenTags() {
            cells.append(texts)
            cells += texts.map { [$0] }
        }
        #expect(cells.count > 1000)
        Self.expectSameMarkers(cells)
    }

    /// Paragraphs drawn from the characters the rules turn on: every
    /// marker kind, their punctuation, noise of each width, and a long run.
    @Test func sameMarkersOnGeneratedParagraphs() {
        let pieces = [
            "1", "2", "3", "12", "0", ".", "．", "、", "(", ")", "（", "）", "一", "二", "三", "十", "是", "①", "②", "⑳", "⑴",
            "⑵", "⒈", "。", "，", "；", ":", " ", "\u{A0}", "\u{3000}", "\u{200B}", "\u{FEFF}", "完成", "年", "%", "a",
            "二十三", "\n", "四", "六", "八", "九", "五", "七", "丁", "乘", "é", "😀", "\u{0600}",
        ]
        var random = SplitMix64(seed: 26)
        var cells: [[String]] = []
        for _ in 0..<4000 {
            let paragraphs = (0..<(1 + random.next(below: 3))).map { _ in
                (0..<random.next(below: 24)).map { _ in pieces[random.next(below: pieces.count)] }.joined()
            }
            cells.append(paragraphs)
        }
        Self.expectSameMarkers(cells)
    }
}
