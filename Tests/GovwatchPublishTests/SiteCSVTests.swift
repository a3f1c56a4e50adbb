import Testing

@testable import GovwatchPublish

/// RFC 4180 fields: quoted when they hold a comma, quote or line break,
/// quotes doubled; anything else as it is. Rows end in CRLF.
@Suite("CSV fields")
struct SiteCSVTests {
    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() {
        #expect(SiteCSV.field("市建设局、市发改委") == "市建设局、市发改委")
        #expect(SiteCSV.field("已开工3个。\n新建“2”个") == "\"已开工3个。\n新建“2”个\"")
        #expect(SiteCSV.field("他说\"好\",再议") == "\"他说\"\"好\"\",再议\"")
        #expect(SiteCSV.field("\r") == "\"\r\"" && SiteCSV.field("") == "")
    }

    /// A document built in one buffer over the fields' bytes is RFC 4180
    /// as written here over scalars (the reference), on rows drawn from
    /// every byte that quoting turns on.
    @Test func documentIsTheFieldsJoined() {
        func field(_ text: String) -> String {
            guard text.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) else { return text }
            var quoted = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                quoted.append(scalar)
                if scalar == "\"" { quoted.append(scalar) }
            }
            return "\"" + String(quoted) + "\""
        }
        func joined(_ rows: [[String]]) -> String {
            "\u{FEFF}" + rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
        }
        let pieces = ["", ",", "\"", "\n", "\r", "市建设局", "、", "已开工3个。", "“2”", "a", "😀", " "]
        var state: UInt64 = 26
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<500 {
            let rows = (0..<next(4)).map { _ in
                (0..<(1 + next(6))).map { _ in (0..<next(5)).map { _ in pieces[next(pieces.count)] }.joined() }
            }
            #expect(SiteCSV.document(rows) == Array(joined(rows).utf8), "\(rows)")
        }
        #expect(SiteCSV.document([]) == Array("\u{FEFF}".utf8))
        #expect(SiteCSV.document([["a", "b,c"], [""]]) == Array("\u{FEFF}a,\"b,c\"\r\n\r\n".utf8))
    }
}
