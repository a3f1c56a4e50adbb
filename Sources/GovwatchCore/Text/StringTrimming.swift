extension StringProtocol {
    /// Drops leading and trailing scalars that occur in `set`.
    public func trimmingCharacters(in set: String) -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, set.unicodeScalars.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.unicodeScalars.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
