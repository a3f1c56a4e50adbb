extension StringProtocol {
    /// True when `needle` occurs in this string, comparing UTF-8 bytes.
    ///
    /// The standard library's generic `contains(_:)` costs about a hundred
    /// instructions per character; on every node of a page that adds up.
    /// Byte search is exact for UTF-8 (no false matches across characters).
    public func containsUTF8(_ needle: String) -> Bool {
        var haystack = String(self)
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { pin in
                guard !pin.isEmpty else { return true }
                guard hay.count >= pin.count else { return false }
                let first = pin[0]
                var index = 0
                let last = hay.count - pin.count
                while index <= last {
                    if hay[index] == first {
                        var matched = true
                        for offset in 1..<pin.count where hay[index + offset] != pin[offset] {
                            matched = false
                            break
                        }
                        if matched { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }
}
