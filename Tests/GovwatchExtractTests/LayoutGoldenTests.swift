import Foundation
import GovwatchCore
import Testing

@testable import GovwatchExtract

/// Each layout seen on Zhejiang disclosure sites has a page fixture and a
/// hand-written expected JSON (written from the rules, not from our output).
@Suite("Report table layouts")
struct LayoutGoldenTests {
    struct Expected: Decodable {
        struct Entry: Decodable, Equatable {
            var number: String?
            var section: String?
            var task: String
            var leadUnits: [String]
            var progress: [String]
            var extras: [String: String]
        }
        var title: String
        var entries: [Entry]
    }

    @Test func everyLayoutHasAFixture() {
        #expect(Fixtures.layoutNames().count >= 9)
    }

    /// Keys are stored: each must stay the hash of the folded section and
    /// task (with `-2`, `-3` … for repeats), across every layout.
    @Test func keysHashTheFoldedSectionAndTask() throws {
        var sectioned = 0
        for name in Fixtures.layoutNames() {
            var seen: [String: Int] = [:]
            for entry in try ArticleExtractor().extract(try Fixtures.bytes("layouts/\(name).html")).entries {
                let base = StableHash.hex(of: [
                    ComparableText.fold(entry.section ?? ""), ComparableText.fold(entry.task),
                ])
                seen[base, default: 0] += 1
                #expect(entry.key == (seen[base] == 1 ? base : "\(base)-\(seen[base]!)"), "\(name): \(entry.task)")
                if entry.section != nil { sectioned += 1 }
            }
        }
        #expect(sectioned > 0)
    }

    @Test(arguments: Fixtures.layoutNames())
    func matchesGolden(_ name: String) throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Fixtures.url("layouts/\(name).expected.json"))
        )
        let article = try ArticleExtractor().extract(try Fixtures.bytes("layouts/\(name).html"))
        #expect(article.title == expected.title)
        let got = article.entries.map {
            Expected.Entry(
                number: $0.number, section: $0.section, task: $0.task, leadUnits: $0.leadUnits,
                progress: $0.progress, extras: $0.extras)
        }
        #expect(got.count == expected.entries.count)
        for (index, pair) in zip(got, expected.entries).enumerated() {
            #expect(pair.0 == pair.1, "entry \(index) of \(name)")
        }
    }
}
