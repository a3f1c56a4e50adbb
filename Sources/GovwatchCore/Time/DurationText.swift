/// Durations as people write them in the config: `200ms`, `90s`, `15m`,
/// `6h`, `180d`, or combinations such as `1h30m`.
public enum DurationText {
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "\"\(text)\" is not a duration (write e.g. \"200ms\", \"90s\", \"15m\", \"6h\", \"180d\")"
        }
    }

    public static func parse(_ text: String) throws(ParseError) -> Duration {
        let trimmed = text.trimmingCharacters(in: " \t")
        guard !trimmed.isEmpty else { throw ParseError(text: text) }
        var total = Duration.zero
        var number = 0
        var digits = 0
        var scalars = Array(trimmed.unicodeScalars)[...]
        while let scalar = scalars.first {
            if scalar.value >= 0x30 && scalar.value <= 0x39 {
                guard digits < 12 else { throw ParseError(text: text) }
                number = number * 10 + Int(scalar.value - 0x30)
                digits += 1
                scalars = scalars.dropFirst()
                continue
            }
            guard digits > 0 else { throw ParseError(text: text) }
            let unit: Duration
            if scalars.starts(with: ["m", "s"]) {
                unit = .milliseconds(1)
                scalars = scalars.dropFirst(2)
            } else {
                switch scalar {
                case "s": unit = .seconds(1)
                case "m": unit = .seconds(60)
                case "h": unit = .seconds(3600)
                case "d": unit = .seconds(86400)
                default: throw ParseError(text: text)
                }
                scalars = scalars.dropFirst()
            }
            total += unit * number
            number = 0
            digits = 0
        }
        guard digits == 0 else { throw ParseError(text: text) }  // a bare number has no unit
        return total
    }

    /// The shortest exact form: `90s`, `15m`, `6h`, `200ms`.
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "0s" }
        if milliseconds % 86_400_000 == 0 { return "\(milliseconds / 86_400_000)d" }
        if milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000)h" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(milliseconds)ms"
    }
}

extension Duration {
    /// Seconds as a Double, for arithmetic with wall-clock timestamps.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
