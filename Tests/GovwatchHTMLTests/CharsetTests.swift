import GovwatchTestKit
import Testing

@testable import GovwatchHTML

@Suite("Charset decisions")
struct CharsetTests {
    func decide(_ text: [UInt8], header: String? = nil) throws -> (String, Charset.Source) {
        let result = try text.withUnsafeBytes { try Charset.decode($0, declared: header) }
        return (result.charset, result.source)
    }

    @Test func headerWins() throws {
        let page = Array("<meta charset=\"gbk\"><p>x</p>".utf8)
        #expect(try decide(page, header: "utf-8") == ("UTF-8", .header))
    }

    @Test func byteOrderMark() throws {
        #expect(try decide([0xEF, 0xBB, 0xBF] + Array("<p>x</p>".utf8)) == ("UTF-8", .byteOrderMark))
    }

    @Test func metaCharsetAndHttpEquiv() throws {
        #expect(try decide(Array("<head><META CHARSET='GB2312'></head>".utf8)).0 == "GB18030")
        let equiv = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GBK\">"
        #expect(try decide(Array(equiv.utf8)) == ("GB18030", .meta))
    }

    @Test func undeclaredValidUTF8AndGB18030Fallback() throws {
        #expect(try decide(Array("<p>舟山</p>".utf8)) == ("UTF-8", .validUTF8))
        // 舟山 in GBK: D6 DB C9 BD
        #expect(
            try decide(Array("<p>".utf8) + [0xD6, 0xDB, 0xC9, 0xBD] + Array("</p>".utf8)) == ("GB18030", .fallback))
    }

    @Test func gbkBytesDecode() throws {
        let bytes: [UInt8] = [0xD6, 0xDB, 0xC9, 0xBD]
        let decoded = try bytes.withUnsafeBytes { try Charset.decode($0, declared: "gb2312") }
        #expect(decoded.utf8.map { String(decoding: $0, as: UTF8.self) } == "舟山")
    }

    @Test func contentTypeParameter() {
        #expect(Charset.label(inContentType: "text/html; charset=\"GBK\"") == "GBK")
        #expect(Charset.label(inContentType: "text/html") == nil)
    }

    @Test func validatorAgreesWithStandardLibrary() {
        let samples: [[UInt8]] = [
            [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], Array("ok舟".utf8), [0xE4, 0xB8],
        ]
        for sample in samples {
            let ours = sample.withUnsafeBytes { Charset.isValidUTF8($0) }
            #expect(ours == (String(validating: sample, as: UTF8.self) != nil))
        }
    }

    /// Every lead byte with good and bad continuations, at every distance
    /// from the end (the fast paths load four and eight bytes at a time).
    @Test func validatorAgreesWithStandardLibraryOnGeneratedBytes() {
        let pieces: [[UInt8]] =
            ["a", "舟山", "，", "😀", "é", "\u{FEFF}", "abcdefghij"].map { Array($0.utf8) }
            + [
                [0x80], [0xBF], [0xC0, 0x80], [0xC2], [0xC2, 0x41], [0xDF, 0xBF], [0xE0, 0x9F, 0x80],
                [0xE0, 0xA0, 0x80],
                [0xE1, 0x80], [0xE4, 0xB8, 0x41], [0xE4, 0x41, 0x80], [0xEC, 0xBF, 0xBF], [0xED, 0x9F, 0xBF],
                [0xED, 0xA0, 0x80], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xEF, 0xBF], [0xF0, 0x8F, 0x80, 0x80],
                [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
                [0xFF],
            ]
        var random = SplitMix64(seed: 0x1234_5678_9ABC_DEF1)  // so that a failure reproduces
        func next(_ bound: Int) -> Int { random.next(below: bound) }
        var valid = 0
        for _ in 0..<20_000 {
            let sample = (0..<next(6)).flatMap { _ in pieces[next(pieces.count)] }
            let expected = String(validating: sample, as: UTF8.self) != nil
            #expect(sample.withUnsafeBytes { Charset.isValidUTF8($0) } == expected, "\(sample)")
            if expected { valid += 1 }
        }
        #expect(valid > 2000)
    }
}
