import Foundation

/// Edits of the real report page (the seed), for the demo and the tests.
public enum ReportPage {
    /// The row `<tr>` of 序号 `number`, as a range in `html`.
    static func rowRange(_ number: Int, in html: String) -> Range<String.Index>? {
        guard let start = html.range(of: "<tr><td><p>\(number)</p></td>") else { return nil }
        guard let end = html.range(of: "</tr>", range: start.upperBound..<html.endIndex) else { return nil }
        return start.lowerBound..<end.upperBound
    }

    /// Puts a new progress paragraph first in row `number`'s progress cell:
    /// an unmarked lead paragraph, so it is an item of its own.
    public static func addProgress(_ text: String, toRow number: Int, in html: String) -> String {
        guard let range = rowRange(number, in: html) else { return html }
        var row = String(html[range])
        guard let progressCell = row.range(of: "<td>", options: .backwards) else { return html }
        row.replaceSubrange(progressCell, with: "<td><p>\(text)</p>")
        return html.replacingCharacters(in: range, with: row)
    }

    public static func removeRow(_ number: Int, in html: String) -> String {
        guard let range = rowRange(number, in: html) else { return html }
        return html.replacingCharacters(in: range, with: "")
    }

    /// Noise only: full-width commas and colons, NBSP and span wrappers in row `number`.
    public static func addNoise(toRow number: Int, in html: String) -> String {
        guard let range = rowRange(number, in: html) else { return html }
        var row = String(html[range])
        row = row.replacingOccurrences(of: ",", with: "，").replacingOccurrences(of: ":", with: "：")
        row = row.replacingOccurrences(of: "<p>", with: "<p class=\"MsoNormal\"><span style=\"font-family:仿宋\">&nbsp;")
            .replacingOccurrences(of: "</p>", with: "</span><o:p></o:p></p>")
        return html.replacingCharacters(in: range, with: row)
    }

    /// The report table replaced by a notice: the page no longer parses.
    public static func removeTable(in html: String) -> String {
        guard let start = html.range(of: "<table border=\"1\">"),
            let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else {
            return html
        }
        return html.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "<p>表格维护中，请稍后查看。</p>")
    }

    /// A later report of the same series: new title and metadata, progress added to `rows`.
    public static func laterReport(from html: String, title: String, indexNumber: String, advancing rows: [Int])
        -> String
    {
        var page = html.replacingOccurrences(of: "2021年度市政府工作报告重点工作任务半年度完成情况", with: title)
            .replacingOccurrences(of: "001008009005001/2021-187464", with: indexNumber)
            .replacingOccurrences(of: "半年度完成情况", with: "1-11月完成情况")
        for row in rows { page = addProgress("新进展：第\(row)项已于11月完成。", toRow: row, in: page) }
        return page
    }
}
