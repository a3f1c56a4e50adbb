import Testing

@testable import GovwatchPublish

/// A series' workbook is kept when its digest (``Workbook/inputs``) is
/// the one the current site recorded: every value the writer reads must
/// change the digest, alone, and only these.
@Suite("What a workbook is made from")
struct WorkbookInputsTests {
    static let workbook = Workbook(
        title: "2024年重点工作任务", sheets: [sheet("半年度", rows: [["1", "任务一", "市建设局"]]), sheet("1-11月", rows: [])],
        widths: [14, 6, 40])

    static func sheet(_ name: String, rows: [[String]]) -> Workbook.Sheet {
        Workbook.Sheet(name: name, header: ["序号", "任务", "牵头单位"], rows: rows, numberColumn: 0)
    }

    /// The workbook with one value changed, each a way a report or the
    /// code can change what is written.
    static let variants: [(String, @Sendable (inout Workbook) -> Void)] = [
        ("title", { $0.title += "（修订）" }),
        ("a width", { $0.widths[2] = 40.5 }),
        ("a width more", { $0.widths.append(8) }),
        ("a sheet's name", { $0.sheets[1].name = "1-10月" }),
        ("a header", { $0.sheets[0].header[1] = "工作任务" }),
        ("no number column", { $0.sheets[0].numberColumn = nil }),
        ("another number column", { $0.sheets[0].numberColumn = 1 }),
        ("a cell", { $0.sheets[0].rows[0][1] = "任务二" }),
        ("cells split otherwise", { $0.sheets[0].rows[0] = ["1", "任务一市建设局", ""] }),
        ("a row more", { $0.sheets[1].rows.append(["2"]) }),
        (
            "a row moved to the next sheet",
            {
                $0.sheets[1].rows = $0.sheets[0].rows
                $0.sheets[0].rows = []
            }
        ),
        ("sheets in another order", { $0.sheets.reverse() }),
        ("a sheet fewer", { $0.sheets.removeLast() }),
    ]

    @Test func eachValueTheWriterReadsChangesTheDigest() {
        let base = Self.workbook.inputs
        #expect(base == Self.workbook.inputs)
        var seen: Set<String> = [base]
        for (name, change) in Self.variants {
            var changed = Self.workbook
            change(&changed)
            #expect(seen.insert(changed.inputs).inserted, "\(name) leaves the digest as another workbook's")
        }
    }
}
