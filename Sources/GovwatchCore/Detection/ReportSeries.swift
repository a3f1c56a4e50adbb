/// Groups the reports of one series: the same report name in the same year,
/// apart from the period it covers (`…半年度完成情况` → `…1-11月完成情况`).
///
/// The year's assignment notice opens its series: a notice's wrapper
/// (`舟山市人民政府关于印发…的通知`) and the words naming what a report is
/// (`责任分解`, `完成情况`, `进展情况`, `的通报` …) are left out of the stem, so
/// `关于印发2024年市政府工作报告重点工作任务责任分解的通知` and
/// `2024年市政府工作报告重点工作任务半年度进展情况` share the series
/// `2024|市政府工作报告重点工作任务`.
public enum ReportSeries {
    /// Period words and patterns removed from a title to get its series name.
    static let periodWords = [
        "前三季度", "第一季度", "第二季度", "第三季度", "第四季度", "一季度", "二季度", "三季度", "四季度",
        "上半年", "下半年", "半年度", "全年", "年度", "年终", "年中",
    ]
    /// Words that say what kind of report it is, not which series, removed
    /// from the end of the stem (longest first).
    static let kindSuffixes = [
        "责任分解的通知", "分解的通知", "进展情况的通报", "完成情况的通报", "推进情况的通报", "责任分解表", "责任分解",
        "分解", "的通知", "的通报", "完成情况", "进展情况", "推进情况", "执行情况", "落实情况",
    ]

    public struct Key: Sendable, Hashable, Codable, CustomStringConvertible {
        public var year: Int?
        public var stem: String
        public var description: String { "\(year.map(String.init) ?? "?")|\(stem)" }
    }

    /// The series of a report title, or nil when the title has no stem left.
    public static func key(title: String) -> Key? {
        var text = ComparableText.fold(title)
        var year: Int?
        // The first four-digit year (2021年 / 2021年度) names the report's year.
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index + 4 <= scalars.count {
            let slice = scalars[index..<(index + 4)]
            if slice.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }),
                index + 4 < scalars.count, scalars[index + 4] == "年",
                index == 0 || !(scalars[index - 1].value >= 0x30 && scalars[index - 1].value <= 0x39)
            {
                year = Int(String(String.UnicodeScalarView(slice)))
                var end = index + 5
                if end < scalars.count, scalars[end] == "度" { end += 1 }
                // What comes before the year is the notice's wrapper
                // (`…关于印发`) or the city's name: not part of the series.
                text = String(String.UnicodeScalarView(scalars[end...]))
                break
            }
            index += 1
        }
        text = removingMonthRanges(text)
        // By bytes: `replacing` walks characters, and the publication
        // calendar keys every stored report after each `once`.
        let bytes = text.comparesAsBytes
        for word in periodWords {
            if bytes {
                if text.containsUTF8(word) { text = text.replacingUTF8(word, with: "") }
            } else {
                text = text.replacing(word, with: "")
            }
        }
        var trimmed = true
        while trimmed {
            trimmed = false
            for suffix in kindSuffixes where text.hasSuffix(suffix) && text.count > suffix.count {
                text.removeLast(suffix.count)
                trimmed = true
            }
        }
        guard !text.isEmpty else { return nil }
        return Key(year: year, stem: text)
    }

    /// Removes `1-11月`, `1至6月`, `1~9月`, `6月` style periods.
    static func removingMonthRanges(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
        while index < scalars.count {
            if isDigit(scalars[index]) {
                var end = index
                while end < scalars.count, isDigit(scalars[end]) { end += 1 }
                if end < scalars.count, "-~至到—".unicodeScalars.contains(scalars[end]) {
                    var second = end + 1
                    while second < scalars.count, isDigit(scalars[second]) { second += 1 }
                    if second > end + 1 { end = second }
                }
                if end < scalars.count, scalars[end] == "月" {
                    index = end + 1
                    continue
                }
            }
            output.append(scalars[index])
            index += 1
        }
        return String(output)
    }
}
