import GovwatchCore

/// Reads scalars straight from a string's UTF-8 (valid by construction), so
/// scanning a paragraph allocates nothing but the strings it returns.
struct UTF8Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var count: Int { bytes.count }

    /// The scalar starting at byte `index` and its length in bytes.
    @inline(__always)
    func scalar(at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        if lead < 0xE0, index + 1 < count {
            return (Unicode.Scalar(UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F))!, 2)
        }
        if lead < 0xF0, index + 2 < count {
            let value =
                UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 3)
        }
        if index + 3 < count {
            let value =
                UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 4)
        }
        return ("\u{FFFD}", 1)
    }

    /// The scalar that ends just before byte `end`, and where it starts.
    @inline(__always)
    func scalar(before end: Int) -> (Unicode.Scalar, Int) {
        var start = end - 1
        while start > 0, end - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return (scalar(at: start).0, start)
    }

    /// `end` moved back over the scalars `skip` accepts.
    func back(from end: Int, over skip: (Unicode.Scalar) -> Bool) -> Int {
        var end = end
        while end > 0 {
            let (scalar, start) = scalar(before: end)
            guard skip(scalar) else { break }
            end = start
        }
        return end
    }

    /// The opener matching the closer starting at byte `close`, by bracket
    /// depth, as ``LeadUnits/opener(matching:in:)`` finds it among scalars.
    func opener(matching close: Int) -> Int? {
        var depth = 0
        var end = close + scalar(at: close).1
        while end > 0 {
            let (scalar, start) = scalar(before: end)
            if LeadUnits.isCloser(scalar) {
                depth += 1
            } else if LeadUnits.isOpener(scalar) {
                depth -= 1
                if depth == 0 { return start }
            }
            end = start
        }
        return nil
    }

    func skipNoise(from start: Int) -> Int {
        var index = start
        while index < count {
            let length = DisplayText.noiseLength(bytes, at: index)
            if length == 0 { break }
            index += length
        }
        return index
    }

    /// Bytes `start..<end` without leading or trailing noise (empty when all is noise).
    func trimmed(_ start: Int, _ end: Int) -> Range<Int> {
        let lower = skipNoise(from: start)
        var upper = end
        // Trailing noise: step back over whole noise characters (all are 1–3 bytes).
        while upper > lower {
            var found = false
            for length in 1...3
            where upper - length >= lower && DisplayText.noiseLength(bytes, at: upper - length) == length {
                upper -= length
                found = true
                break
            }
            if !found { break }
        }
        return lower < upper ? lower..<upper : lower..<lower
    }
}

extension String {
    /// The bytes at `offsets` of this string's UTF-8, which start and end on
    /// scalar boundaries, as a string of their own: copied without being
    /// validated again (this string's are valid), the whole string shared.
    func utf8Piece(_ offsets: Range<Int>) -> String {
        offsets.isEmpty ? "" : String(utf8Slice(offsets))
    }

    /// The bytes at `offsets` of this string's UTF-8, which start and end on
    /// scalar boundaries, in place: for a piece that is only read.
    func utf8Slice(_ offsets: Range<Int>) -> Substring {
        let lower = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
        let upper = utf8.index(lower, offsetBy: offsets.count)
        return self[lower..<upper]
    }
}
