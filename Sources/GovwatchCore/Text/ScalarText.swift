/// A string as an array of Unicode scalars that remembers where each scalar
/// starts in the UTF-8, so slices become strings by copying bytes rather than
/// appending scalar by scalar (several times faster on long cells).
///
/// Reusable: ``load(_:)`` refills the same buffers, so a loop over many
/// paragraphs allocates them once.
struct ScalarText {
    private(set) var utf8: [UInt8] = []
    private(set) var scalars: [Unicode.Scalar] = []
    /// `offsets[i]` is the UTF-8 offset of `scalars[i]`; one extra entry holds the end.
    private(set) var offsets: [Int] = []

    init() {}

    init(_ string: String) {
        load(string)
    }

    mutating func load(_ string: String) {
        utf8.removeAll(keepingCapacity: true)
        scalars.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        utf8.append(contentsOf: string.utf8)
        var offset = 0
        for scalar in string.unicodeScalars {
            scalars.append(scalar)
            offsets.append(offset)
            offset += scalar.utf8.count
        }
        offsets.append(offset)
    }

    /// Scalars `start..<end` as a string.
    func slice(_ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        return utf8.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[offsets[start]..<offsets[end]]), as: UTF8.self)
        }
    }

    /// Scalars `start..<end` as a string, without leading or trailing noise.
    func trimmedSlice(_ start: Int, _ end: Int) -> String {
        var lower = start, upper = end
        while lower < upper, DisplayText.isNoise(scalars[lower]) { lower += 1 }
        while upper > lower, DisplayText.isNoise(scalars[upper - 1]) { upper -= 1 }
        return slice(lower, upper)
    }
}
