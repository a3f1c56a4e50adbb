import Foundation
import GovwatchTestKit
import Testing

@testable import GovwatchCore

/// `DisplayText.clean(utf8:)` and `ComparableText`'s fold step over a whole
/// CJK character at a time (`DisplayText.quietLength`), and cleaning writes
/// straight into the string's storage. Both must give exactly what the
/// byte-by-byte code gave, on any bytes, valid UTF-8 or not: cleaned text
/// is what entry keys are made of, and the fold is what content hashes
/// hash. The old code is kept here as the reference.
@Suite("Noise skipped a character at a time")
struct NoiseSkippingTests {
    /// `clean(utf8:)` as it was: a byte a turn, into an array.
    static func referenceClean(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        var runStart = 0
        var pendingSpace = false
        var previous: UInt8 = 0
        var index = 0
        func appendRun(_ end: Int) {
            let first = bytes[runStart]
            if pendingSpace, previous != 0, first < 0x80, DisplayText.keepsSpace(between: previous, and: first) {
                output.append(0x20)
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end]))
            previous = bytes[end - 1] < 0x80 ? bytes[end - 1] : 0
            pendingSpace = false
        }
        while index < bytes.count {
            let length = DisplayText.noiseLength(bytes, at: index)
            if length == 0 {
                index += 1
                continue
            }
            if index > runStart { appendRun(index) }
            if !output.isEmpty { pendingSpace = true }
            index += length
            runStart = index
        }
        if runStart == 0 { return String(decoding: bytes, as: UTF8.self) }
        if runStart < bytes.count { appendRun(bytes.count) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The fold as it was: a byte no rule matches passes alone.
    static func referenceFold(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte > 0x20 && byte < 0x80 {
                out.append(byte)
                index += 1
                continue
            }
            let length = DisplayText.noiseLength(bytes, at: index)
            if length > 0 {
                index += length
                continue
            }
            let second = index + 2 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            var folded: UInt8?
            switch (byte, second) {
            case (0xEF, 0xBC) where third >= 0x81: folded = third - 0x81 + 0x21
            case (0xEF, 0xBD) where third >= 0x80 && third <= 0x9E: folded = third - 0x80 + 0x60
            case (0xEF, 0xBD) where third == 0xA1: folded = UInt8(ascii: ".")
            case (0xE3, 0x80) where third == 0x82: folded = UInt8(ascii: ".")
            case (0xE2, 0x80) where third == 0x9C || third == 0x9D: folded = UInt8(ascii: "\"")
            case (0xE2, 0x80) where third == 0x98 || third == 0x99: folded = UInt8(ascii: "'")
            default: break
            }
            if let folded {
                out.append(folded)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    static func expectSame(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            let expected = referenceClean(buffer)
            #expect(Array(DisplayText.clean(utf8: buffer).utf8) == Array(expected.utf8), "\(bytes)")
            var folded: [UInt8] = []
            ComparableText.forEachFoldedByte(buffer) { folded.append($0) }
            #expect(folded == referenceFold(buffer), "\(bytes)")
        }
        // The string form, whose fast path now skips by characters too.
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(DisplayText.clean(text) == Array(text.utf8).withUnsafeBufferPointer(referenceClean), "\(text)")
    }

    @Test func sameOnEveryTextOfTheSeedPages() throws {
        let texts = try SeedPages.bytesBetweenTags()
        for text in texts { Self.expectSame(text) }
        #expect(texts.count > 1000)
    }

    /// Noise of every kind, the characters the fold rewrites, CJK of each
    /// lead byte the skip takes, and broken sequences: a lead without its
    /// continuation bytes, before noise, at the end, and stray ones.
    @Test func sameOnGeneratedBytes() {
        let pieces: [[UInt8]] =
            [
                " ", "\t", "\n", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{200B}", "\u{2028}", "\u{202F}",
                "\u{205F}", "\u{2060}", "\u{3000}", "\u{FEFF}", "，", "（", "）", "：", "｡", "。", "、", "“", "”", "‘",
                "’", "—", "一", "进", "展", "锋", "가", "\u{E000}", "①", "é", "😀", "a", "Z", "9", ".", "%", "PM",
            ].map { Array($0.utf8) }
            + [
                [0xE4], [0xE4, 0xB8], [0xE4, 0x20, 0xB8], [0xE4, 0xB8, 0x20], [0x80], [0xBF, 0xBF], [0xC2],
                [0xE2, 0x80], [0xEF, 0xBC], [0xEF, 0xBC, 0xC0], [0xE3, 0x80], [0xFF], [0x00], [0x7F],
                [0xED, 0xA0, 0x80],
            ]
        var random = SplitMix64(seed: 0x2545_F491_4F6C_DD1D)  // so that a failure reproduces
        func next(_ bound: Int) -> Int { random.next(below: bound) }
        for _ in 0..<20_000 {
            Self.expectSame((0..<next(12)).flatMap { _ in pieces[next(pieces.count)] })
        }
    }

    /// Cleaning writes into a string of the raw text's capacity, which the
    /// standard library never shrinks: a cleaned text far shorter than its
    /// raw cell is copied at its own size, and one of 15 bytes or fewer is
    /// held inline. (`_classify` is the standard library's own test hook
    /// for a string's form and capacity.)
    @Test func aTextThatShrankIsRightSized() {
        let unit = DisplayText.clean("\n      市民政局      \n      ")
        #expect(unit == "市民政局")
        if case ._small = unit._classify()._form {} else { Issue.record("\(unit._classify())") }
        let raw = String(repeating: "\u{A0}", count: 200) + "已完成全年目标任务的百分之八十"
        let cleaned = DisplayText.clean(raw)
        #expect(cleaned == "已完成全年目标任务的百分之八十")
        #expect(cleaned._classify()._capacity < raw.utf8.count / 2, "\(cleaned._classify())")
    }
}
