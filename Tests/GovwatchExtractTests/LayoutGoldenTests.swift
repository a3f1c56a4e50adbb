import Foundation
import Testing
import GovwatchCore
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

    @Test(arguments: Fixtures.layoutNames())
    func matchesGolden(_ name: String) throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Fixtures.url("layouts/\(name).expected.json"))
        )
        let article = try ArticleExtractor().extract(try Fixtures.bytes("layouts/\(name).html"))
        #expect(article.title == expected.title)
        let got = article.entries.map {
            Expected.Entry(number: $0.number, section: $0.section, task: $0.task, leadUnits: $0.leadUnits,
                           progress: $0.progress, extras: $0.extras)
        }
        #expect(got.count == expected.entries.count)
        for (index, pair) in zip(got, expected.entries).enumerated() {
            #expect(pair.0 == pair.1, "entry \(index) of \(name)")
        }
    }
}
