/// A 64-bit FNV-1a hash: stable across processes, platforms and Swift versions,
/// unlike `Hasher`, so it can name things that are stored and compared later.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ text: some StringProtocol) {
        for byte in text.utf8 { combine(byte: byte) }
    }

    public mutating func combine(byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }

    /// Sixteen lowercase hexadecimal digits, written into the string's
    /// storage (every entry of every report gets its key from one).
    public var hex: String {
        String(unsafeUninitializedCapacity: 16) { digits in
            for position in 0..<16 {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * position)) & 0x0F
                digits[position] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
            }
            return 16
        }
    }

    public static func hex(of parts: [String]) -> String {
        var hash = StableHash()
        for (index, part) in parts.enumerated() {
            if index > 0 { hash.combine(byte: 0x1F) }
            hash.combine(part)
        }
        return hash.hex
    }
}
