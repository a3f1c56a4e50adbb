/// Sizes as people write them in a configuration and read them in a
/// message: `8MB`, `8 mb`, `512 KiB`. Decimal units are powers of 1000,
/// binary ones (`KiB`) of 1024, as the IEC names say.
public enum ByteSize {
    static let units: [(name: String, factor: Int)] = [
        ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1000),
        ("B", 1),
    ]

    /// Bytes from a number and a unit in any case, space optional; nil when
    /// it is not one, or too large for an Int.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: " \t")
        let lowered = trimmed.lowercased()
        for (unit, factor) in units where lowered.hasSuffix(unit.lowercased()) {
            let number = trimmed.dropLast(unit.count).trimmingCharacters(in: " \t")
            guard !number.isEmpty, number.allSatisfy(\.isASCII), let value = Int(number) else { return nil }
            let (bytes, overflow) = value.multipliedReportingOverflow(by: factor)
            return overflow ? nil : bytes
        }
        return Int(trimmed)
    }

    /// The largest unit that divides `bytes` exactly: `8 MB`, `8 MiB`,
    /// `1500 bytes`, so a message repeats what the configuration said.
    public static func format(_ bytes: Int) -> String {
        for (unit, factor) in units where factor > 1 && bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor) \(unit)"
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
