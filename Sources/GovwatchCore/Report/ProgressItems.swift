/// Splits a progress cell into items at their markers.
///
/// Markers: circled `①…⑳`, `⑴…⒇`, `1.` `1、` `1．`, `(1)` `（1）`, `(一)`, `一是`
/// and `一、`. At the start of a paragraph any marker counts. Inside a
/// paragraph a marker counts only after sentence punctuation (or, for `一是`
/// and circled numbers, after a comma) and only when it is the next number of
/// its kind, so `增长10.6%`, `2021年` and `第1、2季度` never split an item.
///
/// A marker of another kind inside a marked paragraph is a nested list and
/// stays in its item (`②推进改革。一是…二是…` is one item).
///
/// Unmarked text before the first marker is an item of its own (a lead
/// paragraph); an unmarked paragraph after a marked item continues that item.
/// Without any marker each paragraph is one item.
public enum ProgressItems {
    enum Kind: Hashable { case circled, parenthesizedDigit, arabic, chineseParen, chineseShi, chineseComma }

    struct Marker {
        var kind: Kind
        var ordinal: Int
        var start: Int
        var end: Int
    }

    @inline(__always)
    static func isSentenceStop(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "。", "；", ";", "！", "!", "？", "?", "：", ":", ".": true
        default: false
        }
    }

    @inline(__always)
    static func isComma(_ s: Unicode.Scalar) -> Bool { s == "，" || s == "," || s == "、" }

    public static func split(_ paragraphs: [String]) -> [String] {
        var items: [String] = []
        var continuesMarkedItem = false
        var expected: [Kind: Int] = [:]
        var text = ScalarText()
        for paragraph in paragraphs {
            text.load(paragraph)
            let scalars = text.scalars
            let markers = findMarkers(in: scalars, expected: &expected)
            let prefixEnd = markers.first?.start ?? scalars.count
            let prefix = text.trimmedSlice(0, prefixEnd)
            if !prefix.isEmpty {
                if continuesMarkedItem, !items.isEmpty {
                    items[items.count - 1] += "\n" + prefix
                } else {
                    items.append(prefix)
                }
            }
            for (index, marker) in markers.enumerated() {
                let end = index + 1 < markers.count ? markers[index + 1].start : scalars.count
                let item = text.trimmedSlice(marker.end, end)
                if !item.isEmpty {
                    items.append(item)
                    continuesMarkedItem = true
                }
            }
        }
        return items
    }


    static func findMarkers(in s: [Unicode.Scalar], expected: inout [Kind: Int]) -> [Marker] {
        var markers: [Marker] = []
        var firstContent = 0
        while firstContent < s.count, DisplayText.isNoise(s[firstContent]) { firstContent += 1 }
        var index = firstContent
        var previous: Unicode.Scalar? = nil
        while index < s.count {
            let atStart = index == firstContent
            if canStartMarker(s[index]), let marker = marker(in: s, at: index, previous: previous) {
                let afterStop = previous.map(isSentenceStop) ?? false
                let afterComma = previous.map(isComma) ?? false
                let inSequence = expected[marker.kind].map { marker.ordinal == $0 }
                    ?? (marker.ordinal == 1)
                let positionOK: Bool
                switch marker.kind {
                case .circled, .parenthesizedDigit: positionOK = true
                case .chineseShi: positionOK = afterStop || afterComma
                default: positionOK = afterStop
                }
                // Inside an item opened by another kind of marker, a new kind
                // is a nested enumeration (`②…。一是…二是…`) and stays in it.
                let nested = markers.first.map { $0.kind != marker.kind } ?? false
                if atStart || (positionOK && inSequence && !nested) {
                    markers.append(marker)
                    expected[marker.kind] = marker.ordinal + 1
                    index = marker.end
                    previous = nil
                    continue
                }
            }
            if !DisplayText.isNoise(s[index]) { previous = s[index] }
            index += 1
        }
        return markers
    }

    @inline(__always)
    static func canStartMarker(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x30 && v <= 0x39) || v == 0x28 || v == 0xFF08 || (v >= 0x2460 && v <= 0x249B)
            || v == 0x4E00 || v == 0x4E8C || v == 0x4E09 || v == 0x56DB || v == 0x4E94 || v == 0x516D
            || v == 0x4E03 || v == 0x516B || v == 0x4E5D || v == 0x5341
    }

    static func chineseNumeral(_ s: Unicode.Scalar) -> Int? {
        switch s {
        case "一": 1
        case "二": 2
        case "三": 3
        case "四": 4
        case "五": 5
        case "六": 6
        case "七": 7
        case "八": 8
        case "九": 9
        case "十": 10
        default: nil
        }
    }

    /// Value of a run of Chinese numerals up to 二十九 (`十一` = 11, `二十` = 20).
    static func chineseNumber(_ s: [Unicode.Scalar], from start: Int) -> (value: Int, end: Int)? {
        var end = start
        var digits: [Int] = []
        while end < s.count, digits.count < 3, let digit = chineseNumeral(s[end]) {
            digits.append(digit)
            end += 1
        }
        switch digits.count {
        case 1: return (digits[0], end)
        case 2 where digits[0] == 10 && digits[1] < 10: return (10 + digits[1], end)
        case 2 where digits[1] == 10 && digits[0] < 10: return (digits[0] * 10, end)
        case 3 where digits[1] == 10 && digits[0] < 10 && digits[2] < 10: return (digits[0] * 10 + digits[2], end)
        default: return nil
        }
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    static func arabic(_ s: [Unicode.Scalar], from start: Int) -> (value: Int, end: Int)? {
        var end = start
        var value = 0
        while end < s.count, end - start < 3, isDigit(s[end]) {
            value = value * 10 + Int(s[end].value - 0x30)
            end += 1
        }
        guard end > start, end - start <= 2, end >= s.count || !isDigit(s[end]) else { return nil }
        return (value, end)
    }

    static func marker(in s: [Unicode.Scalar], at i: Int, previous: Unicode.Scalar?) -> Marker? {
        let c = s[i]
        switch c.value {
        case 0x2460...0x2473:
            return Marker(kind: .circled, ordinal: Int(c.value - 0x245F), start: i, end: i + 1)
        case 0x2474...0x2487:
            return Marker(kind: .parenthesizedDigit, ordinal: Int(c.value - 0x2473), start: i, end: i + 1)
        case 0x2488...0x249B:
            return Marker(kind: .arabic, ordinal: Int(c.value - 0x2487), start: i, end: i + 1)
        default:
            break
        }
        if c == "(" || c == "（" {
            if let (value, end) = arabic(s, from: i + 1), end < s.count, s[end] == ")" || s[end] == "）" {
                return Marker(kind: .parenthesizedDigit, ordinal: value, start: i, end: end + 1)
            }
            if let (value, end) = chineseNumber(s, from: i + 1), end < s.count, s[end] == ")" || s[end] == "）" {
                return Marker(kind: .chineseParen, ordinal: value, start: i, end: end + 1)
            }
            return nil
        }
        if isDigit(c) {
            if let previous, isDigit(previous) || previous == "." || previous == "．" { return nil }
            guard let (value, end) = arabic(s, from: i), end < s.count else { return nil }
            let mark = s[end]
            guard mark == "." || mark == "．" || mark == "、" else { return nil }
            if end + 1 < s.count, isDigit(s[end + 1]) { return nil } // 1.5万, 1、2季度
            return Marker(kind: .arabic, ordinal: value, start: i, end: end + 1)
        }
        if chineseNumeral(c) != nil {
            guard let (value, end) = chineseNumber(s, from: i), end < s.count else { return nil }
            if s[end] == "是" { return Marker(kind: .chineseShi, ordinal: value, start: i, end: end + 1) }
            if s[end] == "、" { return Marker(kind: .chineseComma, ordinal: value, start: i, end: end + 1) }
        }
        return nil
    }
}
