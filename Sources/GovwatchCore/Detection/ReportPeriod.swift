/// The period a report covers, as its title names it (`半年度`, `1-11月`,
/// `前三季度`, `全年`), and the title without it: the name reviewers know
/// a series by (`2024年市政府工作报告重点工作任务进展情况`).
public enum ReportPeriod {
    /// Period words, longest first so `前三季度` wins over `三季度`.
    static let words = [
        "前三季度", "第一季度", "第二季度", "第三季度", "第四季度", "一季度", "二季度", "三季度", "四季度",
        "上半年", "下半年", "半年度", "全年", "年终", "年中",
    ]

    /// The first period after the title's year (`1-11月`, `半年度` …), or nil.
    public static func period(in title: String) -> String? {
        find(in: title).map { String(title[$0]) }
    }

    /// The title without its period (nil when it names none).
    public static func seriesName(of title: String) -> String? {
        guard let range = find(in: title) else { return nil }
        var name = title
        name.removeSubrange(range)
        return name
    }

    /// Where the period is: searched after the year (`2021年度` is no
    /// period), a month range (`1-11月`, `1至6月`) or a period word.
    static func find(in title: String) -> Range<String.Index>? {
        let start = afterYear(title) ?? title.startIndex
        let rest = title[start...]
        var best: Range<String.Index>?
        if let months = monthRange(in: rest) { best = months }
        let bytes = rest.comparesAsBytes
        for word in words {
            guard let found = bytes ? rest.firstRangeUTF8(of: word) : rest.firstRange(of: word) else { continue }
            if best == nil || found.lowerBound < best!.lowerBound { best = found }
        }
        return best
    }

    /// The index after `2021年` or `2021年度`, when the title has a year.
    static func afterYear(_ title: String) -> String.Index? {
        var index = title.startIndex
        while index < title.endIndex {
            var end = index
            var digits = 0
            while end < title.endIndex, title[end].isASCII, title[end].isNumber {
                digits += 1
                end = title.index(after: end)
            }
            if digits == 4, end < title.endIndex, title[end] == "年" {
                var after = title.index(after: end)
                if after < title.endIndex, title[after] == "度" { after = title.index(after: after) }
                return after
            }
            index = end > index ? end : title.index(after: index)
        }
        return nil
    }

    /// `1-11月`, `1~9月`, `1至6月`, `6月` in `text`.
    static func monthRange(in text: Substring) -> Range<String.Index>? {
        var index = text.startIndex
        func digits(from start: String.Index) -> String.Index {
            var end = start
            while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
            return end
        }
        while index < text.endIndex {
            let first = digits(from: index)
            guard first > index else {
                index = text.index(after: index)
                continue
            }
            var end = first
            if end < text.endIndex, "-~至到—－".contains(text[end]) {
                let second = digits(from: text.index(after: end))
                if second > text.index(after: end) { end = second }
            }
            if end < text.endIndex, text[end] == "月" { return index..<text.index(after: end) }
            index = first
        }
        return nil
    }
}
