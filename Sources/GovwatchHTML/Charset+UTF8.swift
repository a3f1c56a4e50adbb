/// UTF-8 checks that choose between a declared charset and the bytes.
extension Charset {
    /// True when `bytes` are well-formed UTF-8.
    ///
    /// Tuned for Chinese pages: ASCII is skipped eight bytes at a time, and
    /// a three-byte sequence (CJK ideographs and punctuation; not those led
    /// by E0 or ED, which bound their second byte) is checked with one
    /// four-byte load (a byte at a time, the checks were a twenty-fifth of
    /// reading a page).
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = base[index]
            if byte < 0x80 {
                if index + 8 <= count,
                    UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                {
                    index += 8
                } else {
                    index += 1
                }
                continue
            }
            if index + 4 <= count, byte != 0xE0, byte != 0xED,
                // Little-endian: a lead 1110xxxx, then two 10xxxxxx (E0 and
                // ED, which bound their second byte, go the long way).
                UnsafeRawPointer(base + index).loadUnaligned(as: UInt32.self).littleEndian & 0x00C0_C0F0 == 0x0080_80E0
            {
                index += 3
                continue
            }
            if byte >= 0xE1 && byte <= 0xEC || byte == 0xEE || byte == 0xEF {
                // Three bytes, no overlong or surrogate possible for these leads.
                guard index + 2 < count, base[index + 1] & 0xC0 == 0x80, base[index + 2] & 0xC0 == 0x80 else {
                    return false
                }
                index += 3
                continue
            }
            switch byte {
            case 0xC2...0xDF:
                guard index + 1 < count, base[index + 1] & 0xC0 == 0x80 else { return false }
                index += 2
            case 0xE0:
                guard index + 2 < count, base[index + 1] >= 0xA0, base[index + 1] <= 0xBF,
                    base[index + 2] & 0xC0 == 0x80
                else { return false }
                index += 3
            case 0xED:
                guard index + 2 < count, base[index + 1] >= 0x80, base[index + 1] <= 0x9F,
                    base[index + 2] & 0xC0 == 0x80
                else { return false }
                index += 3
            case 0xF0...0xF4:
                guard index + 3 < count else { return false }
                let second = base[index + 1]
                let secondOK =
                    byte == 0xF0
                    ? (second >= 0x90 && second <= 0xBF)
                    : byte == 0xF4 ? (second >= 0x80 && second <= 0x8F) : (second & 0xC0 == 0x80)
                guard secondOK, base[index + 2] & 0xC0 == 0x80, base[index + 3] & 0xC0 == 0x80 else { return false }
                index += 4
            default:
                return false
            }
        }
        return true
    }

    /// True when well-formed multi-byte UTF-8 sequences outnumber stray
    /// non-ASCII bytes ten to one. A GBK page has almost no well-formed
    /// sequences; a damaged UTF-8 page has almost only those.
    static func isMostlyUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var good = 0
        var bad = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                index += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            if length > 0, index + length <= count,
                (1..<length).allSatisfy({ bytes[index + $0] & 0xC0 == 0x80 })
            {
                good += 1
                index += length
            } else {
                bad += 1
                index += 1
            }
        }
        return good >= 10 * max(bad, 1)
    }
}
