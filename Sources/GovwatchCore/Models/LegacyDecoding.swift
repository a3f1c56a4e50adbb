extension KeyedDecodingContainer {
    /// The value at `key`, or `fallback` when rows and alerts written by an
    /// earlier version lack it (`kind`, `supportingUnits`, `tables`): the
    /// one legacy-decoding rule of the document model.
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key, absent fallback: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? fallback()
    }
}
