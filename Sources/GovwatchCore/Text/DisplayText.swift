/// Cleans text taken from a page for display, keeping its original punctuation.
///
/// Pages pasted from Word scatter whitespace, NBSP and zero-width characters
/// through Chinese text (and even through numbers: `1 0 . 6 %`). Chinese has no
/// spaces between words, so whitespace is dropped everywhere except as a single
/// space between two ASCII alphanumerics when at least one is a letter
/// (`PM 2.5`, `Wi Fi`). Punctuation is never changed here; see ``ComparableText``
/// for the folding used when comparing.
public enum DisplayText {
    /// Returns `text` with whitespace noise removed.
    ///
    /// Works on UTF-8 bytes: this runs on every cell paragraph of every page,
    /// and scalar-by-scalar string building costs several times more.
    public static func clean(_ text: some StringProtocol) -> String {
        var text = String(text)
        return text.withUTF8 { bytes in
            // Fast path: nothing that could be noise (no ASCII whitespace, no multi-byte noise lead bytes).
            var index = 0
            while index < bytes.count {
                let quiet = quietLength(bytes, at: index)
                if quiet == 0 { return clean(utf8: bytes) }
                index += quiet
            }
            return nil
        } ?? text
    }

    /// ``clean(_:)`` for UTF-8 bytes (invalid sequences become U+FFFD).
    public static func clean(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        var index = 0
        let count = bytes.count
        while index < count {
            let quiet = quietLength(bytes, at: index)
            if quiet == 0, noiseLength(bytes, at: index) > 0 { break }
            index += max(quiet, 1)
        }
        if index == count { return String(decoding: bytes, as: UTF8.self) }  // no noise at all
        // The cleaned text is written straight into the string's storage:
        // it is never longer than the text (a space kept replaces noise).
        var cleaned = String(unsafeUninitializedCapacity: count) { output in
            removingNoise(bytes, from: index, into: output)
        }
        return rightSized(&cleaned, capacity: count)
    }

    /// `text` itself, or a copy at its own size when it is far below the
    /// `capacity` it was written into: the storage never shrinks, so a cell
    /// that was mostly noise would keep its raw size while its report is
    /// held, and a text of 15 bytes or fewer would be a heap string instead
    /// of one held inline.
    static func rightSized(_ text: inout String, capacity: Int) -> String {
        let size = text.utf8.count
        // A capacity of 15 or less was written inline already.
        guard capacity > 15, size <= 15 || size < capacity / 2 else { return text }
        return text.withUTF8 { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `bytes` without noise into `output`, knowing `bytes[..<firstNoise]`
    /// holds none, and returns how many bytes it wrote. Runs between noise
    /// characters are copied in one go; most text has few.
    static func removingNoise(
        _ bytes: UnsafeBufferPointer<UInt8>, from firstNoise: Int, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var written = 0
        func append(_ start: Int, _ end: Int, spaced pendingSpace: Bool) {
            let first = bytes[start]
            let previous = written > 0 ? output[written - 1] : 0
            if pendingSpace, previous != 0, previous < 0x80, first < 0x80, keepsSpace(between: previous, and: first) {
                output[written] = 0x20
                written += 1
            }
            let run = UnsafeBufferPointer(rebasing: bytes[start..<end])
            _ = UnsafeMutableBufferPointer(rebasing: output[written...]).initialize(from: run)
            written += end - start
        }
        var runStart = 0
        var index = firstNoise
        let count = bytes.count
        while index < count {
            let quiet = quietLength(bytes, at: index)
            if quiet > 0 {
                index += quiet
                continue
            }
            let length = noiseLength(bytes, at: index)
            if length == 0 {
                index += 1
                continue
            }
            if index > runStart { append(runStart, index, spaced: written > 0) }
            index += length
            runStart = index
        }
        if runStart < count { append(runStart, count, spaced: written > 0) }
        return written
    }

    /// How many bytes at `index` cannot begin noise: 0 where one may
    /// (ASCII whitespace and controls, and the lead bytes in
    /// ``noiseLength(_:at:)``), a whole three-byte character whose lead no
    /// noise has (E4–EE: U+4000–EFFF, the CJK ideographs, most of a Chinese
    /// page; its punctuation, led by E3 and EF, still goes a byte at a time),
    /// else one byte.
    ///
    /// Compares and a bit mask, not a switch: a switch on the lead byte
    /// compiled to a jump table, an indirect branch taken at every
    /// character of Chinese text and mispredicted at one in seven
    /// (callgrind's branch simulation).
    @inline(__always)
    package static func quietLength(_ b: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = b[index]
        if byte < 0x80 { return byte > 0x20 ? 1 : 0 }
        if byte &- 0xE4 <= 0xEE - 0xE4 {
            // Continuation bytes are never noise, so skipping them changes nothing.
            return index + 2 < b.count && b[index + 1] & 0xC0 == 0x80 && b[index + 2] & 0xC0 == 0x80 ? 3 : 1
        }
        // C2, E1, E2, E3 and EF, as bits over C0–FF (nothing below C0 leads noise).
        let noiseLeads: UInt64 =
            1 << (0xC2 - 0xC0) | 1 << (0xE1 - 0xC0) | 1 << (0xE2 - 0xC0) | 1 << (0xE3 - 0xC0)
            | 1 << (0xEF - 0xC0)
        return byte >= 0xC0 && (noiseLeads >> UInt64(byte - 0xC0)) & 1 != 0 ? 0 : 1
    }

    /// Byte length of a noise character starting at `index`, or 0.
    @inline(__always)
    package static func noiseLength(_ b: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = b[index]
        if byte <= 0x20 { return (byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) ? 1 : 0 }
        if byte < 0xC2 { return 0 }
        let count = b.count
        switch byte {
        case 0xC2:  // U+0085, U+00A0
            return index + 1 < count && (b[index + 1] == 0x85 || b[index + 1] == 0xA0) ? 2 : 0
        case 0xE1:  // U+1680
            return index + 2 < count && b[index + 1] == 0x9A && b[index + 2] == 0x80 ? 3 : 0
        case 0xE2:  // U+2000–200D, U+2028, U+2029, U+202F, U+205F, U+2060
            guard index + 2 < count else { return 0 }
            let second = b[index + 1]
            let third = b[index + 2]
            if second == 0x80 && (third <= 0x8D || third == 0xA8 || third == 0xA9 || third == 0xAF) { return 3 }
            if second == 0x81 && (third == 0x9F || third == 0xA0) { return 3 }
            return 0
        case 0xE3:  // U+3000
            return index + 2 < count && b[index + 1] == 0x80 && b[index + 2] == 0x80 ? 3 : 0
        case 0xEF:  // U+FEFF
            return index + 2 < count && b[index + 1] == 0xBB && b[index + 2] == 0xBF ? 3 : 0
        default:
            return 0
        }
    }

    static func keepsSpace(between left: UInt8, and right: UInt8) -> Bool {
        keepsSpace(between: Unicode.Scalar(left), and: Unicode.Scalar(right))
    }

    /// Whitespace of any width, NBSP, zero-width spaces and the BOM.
    @inlinable
    public static func isNoise(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200D, 0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000,
            0xFEFF:
            return true
        default:
            return false
        }
    }

    static func keepsSpace(between left: Unicode.Scalar, and right: Unicode.Scalar) -> Bool {
        let leftLetter = isASCIILetter(left)
        let rightLetter = isASCIILetter(right)
        guard leftLetter || rightLetter else { return false }
        return (leftLetter || isASCIIDigit(left)) && (rightLetter || isASCIIDigit(right))
    }

    @inlinable static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }

    @inlinable static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool {
        s.value >= 0x30 && s.value <= 0x39
    }
}
