import Testing

@testable import GovwatchOffice

/// A word at `x`, `y`: 12 points a character (6 for an ASCII one), 15.6 high.
private func w(_ text: String, _ x: Double, _ y: Double) -> PdfTableTests.Box {
    PdfTableTests.Box(text: text, x: x, y: y)
}

/// One row's four cells on the line at `y`: 序号, task, unit, progress, each
/// at its column's left edge.
private func row(_ number: String, _ task: String, _ unit: String, _ progress: String, at y: Double)
    -> [PdfTableTests.Box]
{
    [w(number, 58, y), w(task, 88, y), w(unit, 275, y), w(progress, 399, y)]
}

/// A PDF's table rebuilt from word boxes (what `pdftotext -bbox` writes),
/// from the rules in PdfColumns/PdfRows: boxes laid out here by hand as
/// Writer and Word set a four-column report (序号 / 任务 / 牵头单位 / 完成情况),
/// 15.6 points a line, 12 points a Chinese character.
@Suite("PDF tables")
struct PdfTableTests {
    struct Box {
        var text: String
        var x: Double
        var y: Double
    }

    static func layout(_ pages: [[Box]]) -> [UInt8] {
        var xhtml = "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><doc>"
        for page in pages {
            xhtml += "<page width=\"595\" height=\"842\">"
            for box in page {
                let width = box.text.reduce(0.0) { $0 + ($1.isASCII ? 6 : 12) }
                xhtml +=
                    "<word xMin=\"\(box.x)\" yMin=\"\(box.y)\" xMax=\"\(box.x + width)\" yMax=\"\(box.y + 15.6)\">"
                    + "\(box.text)</word>"
            }
            xhtml += "</page>"
        }
        return Array((xhtml + "</doc></body></html>").utf8)
    }

    static let header = [w("序号", 58, 60), w("重点工作任务", 88, 60), w("牵头单位", 275, 60), w("完成情况", 399, 60)]

    static func html(_ pages: [[Box]]) throws -> String {
        try PdfReader.html(layout: layout(pages), title: "报告", limits: OfficeLimits())
    }

    /// Writer centres cells: a row's number sits below its task's first
    /// line, and a unit merged over two tasks sits across both rows.
    @Test func centredCellsAndAMergedUnit() throws {
        let page =
            Self.header + [
                w("一、经济发展", 58, 80),
                w("1", 58, 131), w("推进海洋经济示范区建设，全年完", 88, 123), w("成投资", 88, 140), w("50", 126, 140),
                w("亿元。", 144, 140), w("区发改局", 275, 132), w("已完成投资38.5亿元。", 399, 131),
                w("2", 58, 182), w("加快渔港经济区改造提升。", 88, 183), w("完成一期工程。", 399, 183),
                w("区海洋渔业局", 275, 193),
                w("3", 58, 202), w("实施远洋渔业工程。", 88, 203), w("新增远洋渔船8艘。", 399, 203),
            ]
        let html = try Self.html([page])
        #expect(html.contains("<tr><td colspan=\"4\"><p>一、经济发展</p></td></tr>"), "\(html)")
        #expect(
            html.contains(
                "<tr><td><p>1</p></td><td><p>推进海洋经济示范区建设，全年完成投资50亿元。</p></td><td><p>区发改局</p></td>"
                    + "<td><p>已完成投资38.5亿元。</p></td></tr>"), "\(html)")
        #expect(html.contains("<td rowspan=\"2\"><p>区海洋渔业局</p></td>"), "\(html)")
        #expect(html.contains("<tr><td><p>3</p></td><td><p>实施远洋渔业工程。</p></td><td><p>新增远洋渔船8艘。</p></td></tr>"))
    }

    /// A note centred in its own row of a mostly empty column stays in
    /// that row: the rows beside it being empty is no merge.
    @Test func aCentredNoteBesideEmptyCellsIsNotAMerge() throws {
        var page = Self.header
        for row in 0..<5 {
            let y = 100 + Double(row) * 60
            page += [
                w("\(row + 1)", 58, y), w("任务第一行，", 88, y), w("第二行，", 88, y + 17), w("第三行。", 88, y + 34),
                w("单位", 275, y),
            ]
        }
        page.append(w("已完成。", 399, 100 + 2 * 60 + 17))
        let html = try Self.html([page])
        #expect(!html.contains("rowspan"), "\(html)")
        let third = try #require(html.split(separator: "\n").first { $0.hasPrefix("<tr><td><p>3</p></td>") })
        #expect(third.hasSuffix("<td><p>单位</p></td><td><p>已完成。</p></td></tr>"), "\(third)")
    }

    /// The office and date set below a table are not its last row's progress.
    @Test func aSignatureBelowTheTableIsNotInIt() throws {
        let page =
            Self.header + row("1", "任务甲。", "甲局", "进展甲。", at: 100) + row("2", "任务乙。", "乙局", "进展乙。", at: 130)
            + [w("舟山市人民政府办公室", 420, 220), w("2023年12月31日", 430, 240)]
        let html = try Self.html([page])
        #expect(html.contains("<td><p>进展乙。</p></td></tr>\n</table>\n<p>舟山市人民政府办公室</p>"), "\(html)")
    }

    /// The last row going on across a page break is still the table's.
    @Test func theLastRowAcrossAPageBreakIsOneRow() throws {
        let first =
            Self.header + row("1", "任务甲。", "甲局", "进展甲。", at: 100) + row("2", "任务乙。", "乙局", "第一段，", at: 760)
        let html = try Self.html([first, [w("接续。", 399, 40)]])
        #expect(html.contains("<td><p>第一段，接续。</p></td></tr>\n</table>"), "\(html)")
    }

    /// Word boxes no page has (a crafted PDF, `inf`) are left out, not read.
    @Test func wordsOffAnyPageAreLeftOut() throws {
        let boxes = Self.header + [w("1", 58, 100), w("任务甲。", 88, 100), w("进展甲。", 399, 100)]
        var xhtml = String(decoding: Self.layout([boxes]), as: UTF8.self)
        xhtml = xhtml.replacing(
            "</page>",
            with: "<word xMin=\"58\" yMin=\"1e25\" xMax=\"60\" yMax=\"2e25\">9</word>"
                + "<word xMin=\"58\" yMin=\"-inf\" xMax=\"60\" yMax=\"5\">8</word>"
                + "<word xMin=\"nan\" yMin=\"3\" xMax=\"60\" yMax=\"5\">7</word></page>")
        let html = try PdfReader.html(layout: Array(xhtml.utf8), title: "报告", limits: OfficeLimits())
        #expect(html.contains("<td><p>任务甲。</p></td>") && !html.contains("<p>9</p>") && !html.contains("<p>8</p>"))
    }

    /// xlrd's JSON is bounded like a sheet: a cell outside BIFF8's rows and
    /// columns is refused, not laid out.
    @Test func xlrdsCellsOutsideASheetAreRefused() {
        let json = #"{"sheets": [{"name": "s", "cells": [[1, 1, "x"], [1, 9223372036854775807, "y"]], "merges": []}]}"#
        let error = #expect(throws: OfficeError.self) {
            try OfficeFile.html(readerOutput: Array(json.utf8), kind: .xls, title: "t")
        }
        #expect(error?.message.contains("outside a sheet") == true)
    }

    /// A narrow 序号 column wraps 128 as `12` over `8`: one row, numbered 128.
    @Test func aWrappedRowNumberIsOneNumber() throws {
        let page =
            Self.header + [
                w("127", 58, 100), w("任务甲。", 88, 100), w("甲局", 275, 100), w("进展甲。", 399, 100),
                w("12", 58, 140), w("8", 58, 160), w("任务乙，", 88, 140), w("第二行。", 88, 160), w("乙局", 275, 140),
                w("进展乙。", 399, 140),
            ]
        let html = try Self.html([page])
        #expect(html.contains("<tr><td><p>128</p></td><td><p>任务乙，第二行。</p></td>"), "\(html)")
        #expect(!html.contains("<tr><td><p>8</p></td>"))
    }

    /// A page number alone in the bottom margin is not text; a table's
    /// `1-5` at a page's top is (it shares its line with other words). The
    /// header repeated on the second page is read once.
    @Test func pageFurnitureAndARepeatedHeader() throws {
        let first =
            Self.header + [
                w("1", 58, 100), w("任务甲。", 88, 100), w("甲局", 275, 100), w("进展甲，", 399, 100), w("-", 280, 800),
                w("1", 290, 800),
                w("-", 300, 800),
            ]
        let second = [
            w("序号", 58, 10), w("重点工作任务", 88, 10), w("牵头单位", 275, 10), w("完成情况", 399, 10),
            w("2", 58, 40), w("任务乙。", 88, 40), w("乙局", 275, 40), w("1-5", 399, 40), w("月完成。", 420, 40),
        ]
        let html = try Self.html([first, second])
        #expect(!html.contains("<p>-"), "\(html)")
        #expect(html.ranges(of: "重点工作任务").count == 1, "\(html)")
        #expect(html.contains("<td><p>1-5月完成。</p></td>"), "\(html)")
    }

    /// A row cut by a page break: the lines on the next page before the
    /// next number are the same row's.
    @Test func aRowCutByAPageBreakIsOneRow() throws {
        let first =
            Self.header + [
                w("1", 58, 760), w("任务甲，", 88, 760), w("甲局", 275, 760), w("第一段进展，", 399, 760),
            ]
        let second = [w("接续的进展。", 399, 40), w("2", 58, 80), w("任务乙。", 88, 80), w("乙局", 275, 80)]
        let html = try Self.html([first, second])
        #expect(html.contains("<td><p>第一段进展，接续的进展。</p></td></tr>"), "\(html)")
    }

    /// A line ends its paragraph when it stops short by more than the next
    /// line's first piece needs: `14.95` wrapped whole leaves its line short
    /// mid-sentence; a line ending `完成。` with room for several characters
    /// ends a paragraph.
    @Test func aShortLineEndsAParagraphUnlessANumberWrapped() {
        let right = 300.0
        let full = [PdfWord(text: "研发费用达", left: 240, top: 100, right: 290, bottom: 115.6)]
        let number = [PdfWord(text: "14.95亿元。", left: 200, top: 120, right: 260, bottom: 135.6)]
        let prose = [PdfWord(text: "二是推进建设。", left: 200, top: 120, right: 284, bottom: 135.6)]
        #expect(!PdfText.ends(full, before: number, columnRight: right, breakGap: nil))
        let ended = [PdfWord(text: "已完成。", left: 200, top: 100, right: 248, bottom: 115.6)]
        #expect(PdfText.ends(ended, before: prose, columnRight: right, breakGap: nil))
        #expect(!PdfText.ends(full, before: prose, columnRight: right, breakGap: nil))
    }

    @Test func withoutAHeaderTheTextIsParagraphs() throws {
        let html = try Self.html([[w("一、推进海洋经济。", 58, 100), w("二、加快渔港建设。", 58, 120)]])
        #expect(html.contains("<p>一、推进海洋经济。</p>\n<p>二、加快渔港建设。</p>"))
        #expect(!html.contains("<table"))
    }

    @Test func pagesWithoutWordsAreAScan() {
        let error = #expect(throws: OfficeError.self) { try Self.html([[]]) }
        #expect(error?.code == .scanned && error?.message.hasPrefix("unreadable: scanned") == true)
    }

    /// wv writes a merged cell's continuation as an empty `rowspan="0"` cell,
    /// which HTML reads as a cell of its own: it is left out.
    @Test func wvsMergeContinuationsAreLeftOut() {
        let page = """
            <tr><td rowspan="2">区海洋渔业局</td><td>完成。</td></tr>
            <tr><td bgcolor="White" rowspan="0" colspan="1"><p>&nbsp;</p></td><td>新增。</td></tr>
            """
        #expect(
            DocReader.withoutMergeContinuations(page)
                == "<tr><td rowspan=\"2\">区海洋渔业局</td><td>完成。</td></tr>\n<tr><td>新增。</td></tr>")
    }
}
