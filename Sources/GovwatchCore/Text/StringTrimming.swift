extension StringProtocol {
    /// Drops leading and trailing scalars that occur in `set`.
    public func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, set.unicodeScalars.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.unicodeScalars.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}

extension String {
    /// `hasSuffix` on UTF-8 bytes, without Character (grapheme) work.
    public func hasSuffixUTF8(_ suffix: String) -> Bool {
        let bytes = utf8
        let tail = suffix.utf8
        guard bytes.count >= tail.count else { return false }
        return bytes.suffix(tail.count).elementsEqual(tail)
    }
}
