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
            if !bytes.contains(where: {
                $0 <= 0x20 || $0 == 0xC2 || $0 == 0xE1 || $0 == 0xE2 || $0 == 0xE3 || $0 == 0xEF
            }) {
                return nil
            }
            return clean(utf8: bytes)
        } ?? text
    }

    /// ``clean(_:)`` for UTF-8 bytes (invalid sequences become U+FFFD).
    public static func clean(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Copy runs between noise characters in one go; most text has few.
        var output: [UInt8] = []
        var runStart = 0
        var pendingSpace = false
        var previous: UInt8 = 0  // last byte written when ASCII, else 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // Only these lead bytes can start noise; skip everything else fast.
            if byte > 0x20 && byte != 0xC2 && byte != 0xE1 && byte != 0xE2 && byte != 0xE3 && byte != 0xEF {
                index += 1
                continue
            }
            let length = noiseLength(bytes, at: index)
            if length == 0 {
                index += 1
                continue
            }
            if index > runStart {
                if output.isEmpty { output.reserveCapacity(count) }
                let first = bytes[runStart]
                if pendingSpace, previous != 0, first < 0x80, keepsSpace(between: previous, and: first) {
                    output.append(0x20)
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                let last = bytes[index - 1]
                previous = last < 0x80 ? last : 0
                pendingSpace = false
            }
            if !output.isEmpty { pendingSpace = true }
            index += length
            runStart = index
        }
        if runStart == 0 { return String(decoding: bytes, as: UTF8.self) }  // no noise at all
        if runStart < count {
            let first = bytes[runStart]
            if pendingSpace, previous != 0, first < 0x80, keepsSpace(between: previous, and: first) {
                output.append(0x20)
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
        return String(decoding: output, as: UTF8.self)
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
