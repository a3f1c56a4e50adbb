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
            /// Absent in the files of layouts that name none.
            var supportingUnits: [String]
            var progress: [String]
            var extras: [String: String]
            /// Typed fields (status, deadline, target, leader, percent,
            /// category), each only in the entries that have it.
            var typed: EntryFields

            init(
                number: String?, section: String?, task: String, leadUnits: [String], supportingUnits: [String],
                progress: [String], extras: [String: String], typed: EntryFields
            ) {
                self.number = number
                self.section = section
                self.task = task
                self.leadUnits = leadUnits
                self.supportingUnits = supportingUnits
                self.progress = progress
                self.extras = extras
                self.typed = typed
            }

            enum CodingKeys: String, CodingKey {
                case number, section, task, leadUnits, supportingUnits, progress, extras
                case status, deadline, target, leader, percent, category
            }

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                number = try c.decodeIfPresent(String.self, forKey: .number)
                section = try c.decodeIfPresent(String.self, forKey: .section)
                task = try c.decode(String.self, forKey: .task)
                leadUnits = try c.decode([String].self, forKey: .leadUnits)
                supportingUnits = try c.decodeIfPresent([String].self, forKey: .supportingUnits) ?? []
                progress = try c.decode([String].self, forKey: .progress)
                extras = try c.decode([String: String].self, forKey: .extras)
                typed = EntryFields(
                    status: try c.decodeIfPresent(EntryStatus.self, forKey: .status),
                    deadline: try c.decodeIfPresent(String.self, forKey: .deadline),
                    target: try c.decodeIfPresent(String.self, forKey: .target),
                    leader: try c.decodeIfPresent(String.self, forKey: .leader),
                    percent: try c.decodeIfPresent(String.self, forKey: .percent),
                    category: try c.decodeIfPresent(String.self, forKey: .category))
            }
        }
        var title: String
        /// `progress` or `assignment`; absent in the files written before kinds.
        var kind: String?
        var entries: [Entry]
    }

    /// The layouts of 0.2 and those added with list-form reports and
    /// assignment notices (each in clean and Word-pasted markup).
    @Test func everyLayoutHasAFixture() {
        let names = Fixtures.layoutNames()
        #expect(names.count >= 22)
        for name in names where !name.hasSuffix("-word") && !Self.layoutsOf02.contains(name) {
            #expect(names.contains(name + "-word"), "\(name) has no Word-pasted twin")
        }
    }

    static let layoutsOf02: Set<String> = [
        "empty-numbers", "extras-problems", "extras", "four-columns-split-unit", "items-markers", "leader-sections",
        "rowspan", "table-per-section", "unit-last", "word-pasted",
    ]

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
        if let kind = expected.kind { #expect(article.kind.rawValue == kind) }
        let got = article.entries.map {
            Expected.Entry(
                number: $0.number, section: $0.section, task: $0.task, leadUnits: $0.leadUnits,
                supportingUnits: $0.supportingUnits, progress: $0.progress, extras: $0.extras, typed: $0.content.typed)
        }
        #expect(got.count == expected.entries.count)
        for (index, pair) in zip(got, expected.entries).enumerated() {
            #expect(pair.0 == pair.1, "entry \(index) of \(name)")
        }
    }
}
