import GovwatchHTML
import Testing

@testable import GovwatchOffice

/// How a Word table's merges and a sheet's cells become the rows the page
/// reader reads, from the formats' own rules (ECMA-376 Part 1: w:vMerge,
/// w:gridSpan, w:gridBefore; SpreadsheetML cell references and mergeCell).
@Suite("Office tables")
struct OfficeTableTests {
    static func wordTable(_ rows: String) throws -> [[OfficeCell]] {
        let xml = """
            <w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\(rows)</w:tbl>
            """
        let document = try MarkupDocument.xml(xml)
        var budget = CellBudget(limits: OfficeLimits())
        return try DocxReader.table(try #require(document.root), budget: &budget)
    }

    static func cell(_ text: String, _ properties: String = "") -> String {
        "<w:tc><w:tcPr>\(properties)</w:tcPr><w:p><w:r><w:t>\(text)</w:t></w:r></w:p></w:tc>"
    }

    @Test func aVerticalMergeIsOneCellSpanningItsRows() throws {
        let rows = try Self.wordTable(
            "<w:tr>\(Self.cell("1"))\(Self.cell("区海洋渔业局", "<w:vMerge w:val=\"restart\"/>"))</w:tr>"
                + "<w:tr>\(Self.cell("2"))\(Self.cell("", "<w:vMerge/>"))</w:tr>"
                + "<w:tr>\(Self.cell("3"))\(Self.cell("", "<w:vMerge w:val=\"continue\"/>"))</w:tr>"
                + "<w:tr>\(Self.cell("4"))\(Self.cell("区发改局"))</w:tr>")
        #expect(rows.map(\.count) == [2, 1, 1, 2])
        #expect(rows[0][1].paragraphs == ["区海洋渔业局"] && rows[0][1].rowspan == 3)
        #expect(rows[3][1].rowspan == 1)
    }

    /// A merge continues in the grid column where it began: a row that
    /// starts with a spanned cell shifts the columns after it.
    @Test func gridSpanAndGridBeforeKeepColumnsAligned() throws {
        let rows = try Self.wordTable(
            "<w:tr>\(Self.cell("一、经济发展", "<w:gridSpan w:val=\"2\"/>"))\(Self.cell("x", "<w:vMerge w:val=\"restart\"/>"))</w:tr>"
                + "<w:tr><w:trPr><w:gridBefore w:val=\"2\"/></w:trPr>\(Self.cell("", "<w:vMerge/>"))</w:tr>")
        #expect(rows[0][0].colspan == 2 && rows[0][1].rowspan == 2)
        #expect(rows[1].count == 1 && rows[1][0].colspan == 2 && rows[1][0].paragraphs.isEmpty)
    }

    @Test func aLineBreakStartsAParagraphAndDeletedTextIsNotShown() throws {
        let rows = try Self.wordTable(
            """
            <w:tr><w:tc><w:p><w:r><w:t>①开工</w:t><w:br/><w:t>②完工</w:t></w:r>\
            <w:del><w:r><w:delText>删去</w:delText></w:r></w:del></w:p></w:tc></w:tr>
            """)
        #expect(rows[0][0].paragraphs == ["①开工", "②完工"])
    }

    /// A vertical merge ends where a plain cell stands in its column: a
    /// later `w:vMerge` there is a cell of its own, not the old merge.
    @Test func aMergeEndsAtAPlainCellInItsColumn() throws {
        let rows = try Self.wordTable(
            "<w:tr>\(Self.cell("1"))\(Self.cell("甲", "<w:vMerge w:val=\"restart\"/>"))</w:tr>"
                + "<w:tr>\(Self.cell("2"))\(Self.cell("乙"))</w:tr>"
                + "<w:tr>\(Self.cell("3"))\(Self.cell("", "<w:vMerge/>"))</w:tr>")
        #expect(rows[0][1].rowspan == 1)
        #expect(rows.map(\.count) == [2, 2, 2])
    }

    /// Many cells pointing at one large shared string: the page is bounded
    /// by the text it would hold, not only by the parts' sizes.
    @Test func sharedStringsCannotAmplifyThePage() throws {
        let cells = (1...200).map { "<row r=\"\($0)\"><c r=\"A\($0)\" t=\"s\"><v>0</v></c></row>" }.joined()
        let xml = "<worksheet><sheetData>\(cells)</sheetData></worksheet>"
        var limits = OfficeLimits()
        limits.totalBytes = 1 << 20
        var budget = CellBudget(limits: limits)
        let big = String(repeating: "进", count: 10_000)  // 30 KB, 200 times: 6 MB
        let sheet = try XlsxSheet.read(try MarkupDocument.xml(xml), strings: [big], part: "s", budget: &budget)
        do throws(OfficeError) {
            _ = try sheet.rows(part: "s", budget: &budget)
            Issue.record("6 MB of text read past a 1 MB limit")
        } catch {
            #expect(error.code == .tooLarge && error.message.contains("past 1 MB"))
        }
    }

    @Test func tooManyRowsStopWithTheirNumber() throws {
        let rows = String(repeating: "<w:tr>\(Self.cell("x"))</w:tr>", count: 11)
        let document = try MarkupDocument.xml(
            "<w:tbl xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\(rows)</w:tbl>")
        var limits = OfficeLimits()
        limits.rows = 10
        var budget = CellBudget(limits: limits)
        let table = try #require(document.root)
        do throws(OfficeError) {
            _ = try DocxReader.table(table, budget: &budget)
            Issue.record("read 11 rows past a limit of 10")
        } catch {
            #expect(error.code == .tooManyRows && error.message.contains("more than 10 rows"))
        }
    }

    @Test func cellReferencesAndRanges() {
        #expect(XlsxSheet.position("B3") == .init(row: 3, column: 2))
        #expect(XlsxSheet.position("$AB$12") == .init(row: 12, column: 28))
        #expect(XlsxSheet.position("XFE1") == nil)  // past Excel's last column
        #expect(XlsxSheet.position("A0") == nil)
        #expect(XlsxSheet.position("3B") == nil)
        #expect(XlsxSheet.range("A1:D1").map { ($0.first.column, $0.last.column) } ?? (0, 0) == (1, 4))
        #expect(XlsxSheet.range("D1:A1") == nil)
    }

    /// A sheet's merged range is one cell from its first cell; empty rows
    /// no merge crosses are left out, and spans count only rows kept.
    @Test func aSheetsMergesBecomeSpans() throws {
        let xml = """
            <worksheet><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>
            <row r="3"><c r="A3"><v>1</v></c><c r="B3" t="s"><v>0</v></c></row>
            <row r="4"><c r="A4"><v>2</v></c></row>
            </sheetData><mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="B3:B4"/></mergeCells></worksheet>
            """
        var budget = CellBudget(limits: OfficeLimits())
        let sheet = try XlsxSheet.read(
            try MarkupDocument.xml(xml), strings: ["区发改局\n区财政局"], part: "sheet", budget: &budget)
        let rows = try sheet.rows(part: "sheet", budget: &budget)
        #expect(rows.count == 3)  // row 2 is empty and left out
        #expect(rows[0].count == 1 && rows[0][0].colspan == 2 && rows[0][0].paragraphs == ["标题"])
        #expect(rows[1][1].rowspan == 2 && rows[1][1].paragraphs == ["区发改局", "区财政局"])
        #expect(rows[2].count == 1 && rows[2][0].paragraphs == ["2"])
    }

    /// Rows and cells without `r` follow the ones before them.
    @Test func cellsWithoutReferencesFollowEachOther() throws {
        let xml =
            "<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData></worksheet>"
        var budget = CellBudget(limits: OfficeLimits())
        let sheet = try XlsxSheet.read(try MarkupDocument.xml(xml), strings: [], part: "sheet", budget: &budget)
        #expect(sheet.values[.init(row: 1, column: 2)] == "2" && sheet.values[.init(row: 2, column: 1)] == "3")
    }

    @Test func htmlEscapesWhatTheFileSays() {
        var html = OfficeHTML(title: "a<b")
        html.table([[OfficeCell(paragraphs: ["<script>&\""])]])
        #expect(html.page.contains("<title>a&lt;b</title>"))
        #expect(html.page.contains("<td><p>&lt;script&gt;&amp;&quot;</p></td>"))
    }

    /// Excel's date serials (1900 system: day 1 is 1899-12-31 as counted
    /// here, 60 Excel's fictitious 1900-02-29; 1904 system) and which
    /// formats show dates.
    @Test func dateCellsShowTheirDate() {
        var styles = XlsxStyles(dateStyles: [1])
        #expect(styles.shown("45199", style: 1) == "2023-09-30")
        #expect(styles.shown("45199.5", style: 1) == "2023-09-30 12:00")
        #expect(styles.shown("61", style: 1) == "1900-03-01")
        #expect(styles.shown("45199", style: 0) == "45199" && styles.shown("已完成", style: 1) == "已完成")
        styles.from1904 = true
        #expect(styles.shown("0", style: 1) == "1904-01-01")
        for code in ["yyyy\"年\"m\"月\"d\"日\"", "yyyy-mm-dd", "[$-804]yyyy/m/d", "d-mmm"] {
            #expect(XlsxStyles.isDate(code), "\(code)")
        }
        for code in ["0.00%", "General", "\"day\"0", "[Red]#,##0", "h:mm"] {
            #expect(!XlsxStyles.isDate(code), "\(code)")
        }
    }
}
