extension StringProtocol {
    /// True when `needle` occurs in this string, comparing UTF-8 bytes.
    ///
    /// The standard library's generic `contains(_:)` costs about a hundred
    /// instructions per character; on every node of a page that adds up.
    /// Byte search is exact for UTF-8 (no false matches across characters).
    public func containsUTF8(_ needle: String) -> Bool {
        needle.isEmpty || firstOffsetUTF8(of: needle) != nil
    }

    /// The first range of `needle`, found by comparing UTF-8 bytes (exact
    /// for UTF-8, as ``containsUTF8(_:)``), as indices of this string.
    public func firstRangeUTF8(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty, let start = firstOffsetUTF8(of: needle) else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// Where `needle`'s bytes first occur in this string's, searched in
    /// place where the string has its bytes together (copying them for
    /// each word searched was most of reading a report's period, callgrind).
    func firstOffsetUTF8(of needle: String) -> Int? {
        var needle = needle
        return needle.withUTF8 { pin in
            utf8.withContiguousStorageIfAvailable { hay in ByteSearch.firstOffset(of: pin, in: hay) }
                ?? Array(utf8).withUnsafeBufferPointer { hay in ByteSearch.firstOffset(of: pin, in: hay) }
        }
    }
}

/// Byte search over buffers, for ``StringProtocol/firstOffsetUTF8(of:)``.
enum ByteSearch {
    /// The first offset at which `pin` occurs in `hay` (nil for an empty `pin`).
    static func firstOffset(of pin: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = pin.first, hay.count >= pin.count else { return nil }
        var index = 0
        let last = hay.count - pin.count
        while index <= last {
            if hay[index] == first {
                var offset = 1
                while offset < pin.count, hay[index + offset] == pin[offset] { offset += 1 }
                if offset == pin.count { return index }
            }
            index += 1
        }
        return nil
    }
}

extension String {
    /// Every occurrence of `needle` replaced by `replacement`, comparing
    /// UTF-8 bytes: the standard library's `replacing` walks characters,
    /// which cost the publication calendar most of a warm cycle.
    public func replacingUTF8(_ needle: String, with replacement: String) -> String {
        let hay = Array(utf8)
        let pin = Array(needle.utf8)
        guard !pin.isEmpty, hay.count >= pin.count else { return self }
        var output: [UInt8] = []
        output.reserveCapacity(hay.count)
        var index = 0
        while index < hay.count {
            if index + pin.count <= hay.count, hay[index] == pin[0], hay[index..<index + pin.count].elementsEqual(pin) {
                output += replacement.utf8
                index += pin.count
            } else {
                output.append(hay[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension StringProtocol {
    /// True when comparing this text's UTF-8 bytes finds exactly what
    /// comparing its characters would: no combining marks and no CJK
    /// compatibility ideographs (U+F98E 年 is canonically U+5E74 年, equal
    /// as characters, not as bytes). Keys stored from earlier readings
    /// must not move, so other text takes the character path.
    public var comparesAsBytes: Bool {
        unicodeScalars.allSatisfy { scalar in
            !(0xF900...0xFAFF).contains(scalar.value) && !(0x2F800...0x2FA1F).contains(scalar.value)
                && (scalar.isASCII || scalar.properties.canonicalCombiningClass == .notReordered)
        }
    }
}
