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

    func skipNoise(from start: Int) -> Int {
        var index = start
        while index < count {
            let length = DisplayText.noiseLength(bytes, at: index)
            if length == 0 { break }
            index += length
        }
        return index
    }

    /// Bytes `start..<end` as a string, without leading or trailing noise.
    func trimmedString(_ start: Int, _ end: Int) -> String {
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
        guard lower < upper else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    }
}
