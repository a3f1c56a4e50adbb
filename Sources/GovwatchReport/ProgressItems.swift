public import GovwatchCore

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
///
/// From rules 2 on, a marker followed by a digit (`2.1-6月，全市…`, or the
/// `5. 4` Word leaves of `5.4`) is ambiguous: it counts only as the next
/// number of a list already begun, never as a list's first item.
public enum ProgressItems {
    enum Kind: Int, CaseIterable { case circled, parenthesizedDigit, arabic, chineseParen, chineseShi, chineseComma }

    /// A marker found in a paragraph; `start` and `end` are UTF-8 offsets.
    struct Marker {
        var kind: Kind
        var ordinal: Int
        var start: Int
        var end: Int
        /// A digit follows: it may be a decimal (rules 2 only).
        var ambiguous = false
    }

    /// The next expected ordinal per marker kind (0: none seen yet).
    struct Expectations {
        var next = [Int](repeating: 0, count: Kind.allCases.count)
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

    public static func split(_ paragraphs: [String], rules: ReadingRules = .version1) -> [String] {
        var items: [String] = []
        var continuesMarkedItem = false
        var expected = Expectations()
        var markers: [Marker] = []
        for paragraph in paragraphs {
            // Items are cut from the paragraph itself (`utf8Piece`), which
            // shares its bytes with `scanned`: making them from the bytes
            // validated every byte a second time.
            var scanned = paragraph
            scanned.withUTF8 { bytes in
                let text = UTF8Scanner(bytes: bytes)
                markers.removeAll(keepingCapacity: true)
                findMarkers(in: text, expected: &expected, into: &markers, rules: rules)
                let prefix = paragraph.utf8Piece(text.trimmed(0, markers.first?.start ?? bytes.count))
                if !prefix.isEmpty {
                    if continuesMarkedItem, !items.isEmpty {
                        items[items.count - 1] += "\n" + prefix
                    } else {
                        items.append(prefix)
                    }
                }
                for (index, marker) in markers.enumerated() {
                    let end = index + 1 < markers.count ? markers[index + 1].start : bytes.count
                    let item = paragraph.utf8Piece(text.trimmed(marker.end, end))
                    if !item.isEmpty {
                        items.append(item)
                        continuesMarkedItem = true
                    }
                }
            }
        }
        return items
    }

    static func findMarkers(
        in text: UTF8Scanner, expected: inout Expectations, into markers: inout [Marker],
        rules: ReadingRules = .version1
    ) {
        var index = text.skipNoise(from: 0)
        let firstContent = index
        // What counts as the scalar before a marker is looked for back to
        // here: the end of the last marker taken (nothing before it counts).
        var floor = 0
        while index < text.count {
            // By lead bytes: only a few can begin a marker, and most of a
            // progress cell is other text, stepped over a whole scalar at a
            // time without decoding it (decoding every scalar and switching
            // on it was a twentieth of a cold cycle).
            guard mayStartMarker(text.bytes, at: index) else {
                index += sequenceLength(text.bytes[index])
                continue
            }
            let (scalar, length) = text.scalar(at: index)
            if canStartMarker(scalar) {
                let previous = previousScalar(in: text, before: index, floor: floor)
                if let marker = marker(in: text, at: index, scalar: scalar, previous: previous, rules: rules),
                    accepts(marker, previous: previous, atStart: index == firstContent, expected, markers)
                {
                    markers.append(marker)
                    expected.next[marker.kind.rawValue] = marker.ordinal + 1
                    index = marker.end
                    floor = marker.end
                    continue
                }
            }
            index += length
        }
    }

    /// Whether a marker found in the text opens an item there: at the
    /// paragraph's start always; elsewhere after the punctuation its kind
    /// needs, as the next number of its kind, and not inside an item opened
    /// by another kind (`②…。一是…二是…` is a nested list and stays in it).
    static func accepts(
        _ marker: Marker, previous: Unicode.Scalar?, atStart: Bool, _ expected: Expectations, _ markers: [Marker]
    ) -> Bool {
        let afterStop = previous.map(isSentenceStop) ?? false
        let afterComma = previous.map(isComma) ?? false
        let next = expected.next[marker.kind.rawValue]
        let inSequence = next == 0 ? marker.ordinal == 1 : marker.ordinal == next
        let positionOK: Bool
        switch marker.kind {
        case .circled, .parenthesizedDigit: positionOK = true
        case .chineseShi: positionOK = afterStop || afterComma
        default: positionOK = afterStop
        }
        let nested = markers.first.map { $0.kind != marker.kind } ?? false
        return marker.ambiguous
            ? next > 1 && marker.ordinal == next && (atStart || afterStop) && !nested
            : atStart || (positionOK && inSequence && !nested)
    }

    /// Whether the byte at `index` may lead a marker's first scalar: an
    /// ASCII digit, `(`, `（` (EF BC 88), a circled or parenthesized number
    /// (E2 91/92) or a Chinese numeral (一二三五七九 E4 B8–BA, 四六八十
    /// E5 85/8D/9B).
    @inline(__always)
    static func mayStartMarker(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 { return (byte >= 0x30 && byte <= 0x39) || byte == 0x28 }
        guard index + 1 < bytes.count else { return false }
        let second = bytes[index + 1]
        // The second bytes that may follow `byte`, one bit each (their low
        // six bits), looked up instead of branched on: a switch on the lead
        // compiled to a jump table whose indirect branch mispredicted at
        // about half the characters of Chinese text (callgrind's branch
        // simulation).
        return second & 0xC0 == 0x80 && (markerSeconds(after: byte) >> UInt64(second & 0x3F)) & 1 != 0
    }

    /// For a lead byte, the second bytes (as bits 0–63 for 80–BF) of the
    /// characters in ``mayStartMarker(_:at:)``; 0 for other leads.
    /// Masks and ORs, not a switch, which the compiler made that jump table.
    @inline(__always)
    static func markerSeconds(after lead: UInt8) -> UInt64 {
        func when(_ value: UInt8, _ seconds: UInt64) -> UInt64 { seconds & (0 &- UInt64(lead == value ? 1 : 0)) }
        return when(0xE2, 1 << 0x11 | 1 << 0x12)  // 91, 92
            | when(0xE4, 1 << 0x38 | 1 << 0x39 | 1 << 0x3A)  // B8–BA
            | when(0xE5, 1 << 0x05 | 1 << 0x0D | 1 << 0x1B)  // 85, 8D, 9B
            | when(0xEF, 1 << 0x3C)  // BC
    }

    /// The length of the UTF-8 sequence `lead` begins (the text is valid
    /// UTF-8: it comes from a String).
    @inline(__always)
    static func sequenceLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// The last scalar before `index` that is not noise, back to `floor`
    /// (nil: none): what the marker rules call the text before a marker.
    @inline(__always)
    static func previousScalar(in text: UTF8Scanner, before index: Int, floor: Int) -> Unicode.Scalar? {
        var end = index
        while end > floor {
            var start = end - 1
            while start > floor, text.bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let (scalar, _) = text.scalar(at: start)
            if !DisplayText.isNoise(scalar) { return scalar }
            end = start
        }
        return nil
    }

    @inline(__always)
    static func canStartMarker(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x30 && v <= 0x39) || v == 0x28 || v == 0xFF08 || (v >= 0x2460 && v <= 0x249B)
            || chineseNumeral(c) != nil
    }

    @inline(__always)
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

    /// The value of one to three Chinese numerals read in order, up to 九十九
    /// (`十一` = 11, `二十` = 20, `二十三` = 23), or nil for other runs.
    static func combine(_ d0: Int, _ d1: Int, _ d2: Int, count: Int) -> Int? {
        switch count {
        case 1: d0
        case 2 where d0 == 10 && d1 < 10: 10 + d1
        case 2 where d1 == 10 && d0 < 10: d0 * 10
        case 3 where d1 == 10 && d0 < 10 && d2 < 10: d0 * 10 + d2
        default: nil
        }
    }

    /// A Chinese number starting at scalar `start` (used by ``SectionHeading``).
    static func chineseNumber(_ s: [Unicode.Scalar], from start: Int) -> (value: Int, end: Int)? {
        var digits = (0, 0, 0)
        var count = 0
        var end = start
        while end < s.count, count < 3, let digit = chineseNumeral(s[end]) {
            switch count {
            case 0: digits.0 = digit
            case 1: digits.1 = digit
            default: digits.2 = digit
            }
            count += 1
            end += 1
        }
        return combine(digits.0, digits.1, digits.2, count: count).map { ($0, end) }
    }

    /// A Chinese number at UTF-8 offset `start`, without allocating.
    static func chineseNumber(in text: UTF8Scanner, from start: Int) -> (value: Int, end: Int)? {
        var digits = (0, 0, 0)
        var count = 0
        var end = start
        while end < text.count, count < 3 {
            let (scalar, length) = text.scalar(at: end)
            guard let digit = chineseNumeral(scalar) else { break }
            switch count {
            case 0: digits.0 = digit
            case 1: digits.1 = digit
            default: digits.2 = digit
            }
            count += 1
            end += length
        }
        return combine(digits.0, digits.1, digits.2, count: count).map { ($0, end) }
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    /// One or two ASCII digits at `start`, not followed by a third.
    static func arabic(in text: UTF8Scanner, from start: Int) -> (value: Int, end: Int)? {
        var end = start
        var value = 0
        while end < text.count, end - start < 3, text.bytes[end] >= 0x30, text.bytes[end] <= 0x39 {
            value = value * 10 + Int(text.bytes[end] - 0x30)
            end += 1
        }
        guard end > start, end - start <= 2 else { return nil }
        return (value, end)
    }

    static func marker(
        in text: UTF8Scanner, at i: Int, scalar c: Unicode.Scalar, previous: Unicode.Scalar?,
        rules: ReadingRules = .version1
    ) -> Marker? {
        let length = c.utf8.count
        switch c.value {
        case 0x2460...0x2473:
            return Marker(kind: .circled, ordinal: Int(c.value - 0x245F), start: i, end: i + length)
        case 0x2474...0x2487:
            return Marker(kind: .parenthesizedDigit, ordinal: Int(c.value - 0x2473), start: i, end: i + length)
        case 0x2488...0x249B:
            return Marker(kind: .arabic, ordinal: Int(c.value - 0x2487), start: i, end: i + length)
        default:
            break
        }
        func closes(_ end: Int) -> Int? {
            guard end < text.count else { return nil }
            let (scalar, closeLength) = text.scalar(at: end)
            return scalar == ")" || scalar == "）" ? end + closeLength : nil
        }
        if c == "(" || c == "（" {
            if let (value, end) = arabic(in: text, from: i + length), let close = closes(end) {
                return Marker(kind: .parenthesizedDigit, ordinal: value, start: i, end: close)
            }
            if let (value, end) = chineseNumber(in: text, from: i + length), let close = closes(end) {
                return Marker(kind: .chineseParen, ordinal: value, start: i, end: close)
            }
            return nil
        }
        if isDigit(c) {
            if let previous, isDigit(previous) || previous == "." || previous == "．" { return nil }
            guard let (value, end) = arabic(in: text, from: i), end < text.count else { return nil }
            let (mark, markLength) = text.scalar(at: end)
            guard mark == "." || mark == "．" || mark == "、" else { return nil }
            let after = end + markLength
            var marker = Marker(kind: .arabic, ordinal: value, start: i, end: after)
            if rules.readsItemsBySequence {
                // `1.5万`, `1、2季度`, `5. 4 %`: a digit next (past spaces) makes it ambiguous.
                let next = text.skipNoise(from: after)
                marker.ambiguous = next < text.count && text.bytes[next] >= 0x30 && text.bytes[next] <= 0x39
                return marker
            }
            if after < text.count, text.bytes[after] >= 0x30, text.bytes[after] <= 0x39 { return nil }  // 1.5万, 1、2季度
            return marker
        }
        if chineseNumeral(c) != nil {
            guard let (value, end) = chineseNumber(in: text, from: i), end < text.count else { return nil }
            let (next, nextLength) = text.scalar(at: end)
            if next == "是" { return Marker(kind: .chineseShi, ordinal: value, start: i, end: end + nextLength) }
            if next == "、" { return Marker(kind: .chineseComma, ordinal: value, start: i, end: end + nextLength) }
        }
        return nil
    }
}
