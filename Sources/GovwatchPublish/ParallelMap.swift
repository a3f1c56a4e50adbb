import Dispatch

extension Array where Element: Sendable {
    /// `map` over all cores, in order. Pages are rendered this way: each is
    /// a pure function of its own values, and a series has ~160 of them.
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot, so the writes never overlap.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = transform(self[index]) }
        }
        return results.map { $0! }
    }
}
