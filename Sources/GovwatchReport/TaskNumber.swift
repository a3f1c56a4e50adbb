import GovwatchCore

/// The number some tables print at the start of the task cell instead of
/// a 序号 column (rules 3): `1、建设…`, `2.推进…`, `（3）完成…`, `(四)新增…`,
/// and a group heading its own (`一、优化营商环境`).
enum TaskNumber {
    /// The number and the text after it, or nil when the text does not
    /// open with one. `1.5万人` is a quantity, not item 1.
    static func split(_ text: String) -> (number: String, rest: String)? {
        let scalars = Array(text.unicodeScalars.prefix(16))
        guard let first = scalars.first else { return nil }
        var index = 0
        var bracketed = false
        if first == "(" || first == "（" {
            bracketed = true
            index = 1
        }
        let start = index
        while index < scalars.count, isNumeral(scalars[index]) { index += 1 }
        guard index > start, index < scalars.count else { return nil }
        let number = String(String.UnicodeScalarView(scalars[start..<index]))
        let chinese = !("0"..."9").contains(scalars[start])
        let mark = scalars[index]
        if bracketed {
            guard mark == ")" || mark == "）" else { return nil }
        } else if chinese {
            guard mark == "、" else { return nil }  // 一、 (一. is prose)
            // 一、二期工程: a list of numerals, not item 一.
            if index + 1 < scalars.count, isNumeral(scalars[index + 1]) { return nil }
        } else {
            guard mark == "、" || mark == "." || mark == "．" else { return nil }
            if index + 1 < scalars.count, scalars[index + 1].properties.numericType != nil { return nil }
        }
        let rest = String(text.unicodeScalars.dropFirst(index + 1)).trimmingCharacters(in: " \u{3000}")
        return rest.isEmpty ? nil : (number, rest)
    }

    /// ASCII digits and Chinese numerals (`（四）`, `一、`).
    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || "一二三四五六七八九十".unicodeScalars.contains(scalar)
    }
}
