import GovwatchCore

/// Recognizes section titles: a leader's group (`徐仁标市长牵头重点工作`),
/// a numbered chapter (`一、主要预期指标`, `(一)…副市长牵头重点工作`).
public enum SectionHeading {
    static let keywords = ["牵头重点工作", "牵头工作", "重点工作", "预期指标", "主要指标", "指标", "领域", "板块"]

    /// True when `text` reads like a section title rather than a task or a sentence.
    public static func looksLikeSection(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty, scalars.count <= 60 else { return false }
        if let last = scalars.last, last == "。" || last == "；" || last == ";" { return false }
        if let (_, end) = ProgressItems.chineseNumber(scalars, from: 0), end < scalars.count, scalars[end] == "、" {
            return true
        }
        if scalars[0] == "(" || scalars[0] == "（", let (_, end) = ProgressItems.chineseNumber(scalars, from: 1),
            end < scalars.count, scalars[end] == ")" || scalars[end] == "）"
        {
            return true
        }
        return keywords.contains(where: text.containsUTF8)
    }

    /// True for a report's own title (`2024年度…进展情况表`, `…责任分解`),
    /// which sits above the header row or the table like a section title
    /// but is not one.
    public static func looksLikeTableTitle(_ text: String) -> Bool {
        text.hasSuffix("表") || text.containsUTF8("完成情况") || text.containsUTF8("进展情况") || text.containsUTF8("推进情况")
            || (text.containsUTF8("年度") && text.containsUTF8("报告")) || text.containsUTF8("责任分解")
    }

    /// True for a 序号 cell holding a Chinese numeral (`一`, `十二`), as section rows do.
    public static func isChineseOrdinal(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let (_, end) = ProgressItems.chineseNumber(scalars, from: 0) else { return false }
        return end == scalars.count || (end == scalars.count - 1 && scalars[end] == "、")
    }
}
