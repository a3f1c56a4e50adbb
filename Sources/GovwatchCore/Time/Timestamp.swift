/// Wall-clock instants as seconds since the Unix epoch, with RFC 3339
/// formatting. Pure arithmetic (no Foundation, no time zone database).
public struct Timestamp: Sendable, Hashable, Comparable, Codable {
    public var epochSeconds: Double

    public init(epochSeconds: Double) { self.epochSeconds = epochSeconds }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.epochSeconds < rhs.epochSeconds }

    public static func + (lhs: Timestamp, rhs: Duration) -> Timestamp {
        Timestamp(epochSeconds: lhs.epochSeconds + rhs.seconds)
    }

    public static func - (lhs: Timestamp, rhs: Timestamp) -> Duration {
        .milliseconds(Int64(((lhs.epochSeconds - rhs.epochSeconds) * 1000).rounded()))
    }

    /// `2026-11-29T15:04:05Z` (UTC, whole seconds).
    public var rfc3339: String {
        let (date, secondsOfDay) = CivilDate.split(epochSeconds: epochSeconds)
        return "\(date)T\(CivilDate.clock(secondsOfDay, seconds: true))Z"
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)`; a date alone is
    /// midnight China Standard Time (the sites' own zone).
    public init?(rfc3339 text: String) {
        let scalars = Array(text.unicodeScalars)
        func number(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= scalars.count else { return nil }
            var value = 0
            for scalar in scalars[start..<(start + length)] {
                guard scalar.value >= 0x30 && scalar.value <= 0x39 else { return nil }
                value = value * 10 + Int(scalar.value - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Double(CivilDate.days(year: year, month: month, day: day)) * 86400
        if scalars.count == 10 {
            self.init(epochSeconds: seconds - 8 * 3600)
            return
        }
        guard let hour = number(11, 2), let minute = number(14, 2) else { return nil }
        var index = 16
        var second = 0
        if index < scalars.count, scalars[index] == ":", let value = number(17, 2) {
            second = value
            index = 19
        }
        seconds += Double(hour * 3600 + minute * 60 + second)
        if index < scalars.count, scalars[index] == "+" || scalars[index] == "-",
            let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 4, 2)
        {
            let offset = Double(offsetHours * 3600 + offsetMinutes * 60)
            seconds += scalars[index] == "+" ? -offset : offset
        }
        self.init(epochSeconds: seconds)
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's algorithms).
public enum CivilDate {
    /// Days since 1970-01-01.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Whole seconds since the epoch (shifted by `offset`) as `YYYY-MM-DD`
    /// and the seconds into that day.
    public static func split(epochSeconds: Double, offset: Int = 0) -> (date: String, secondsOfDay: Int) {
        let total = Int64(epochSeconds.rounded(.down)) + Int64(offset)
        let days = total >= 0 ? total / 86400 : (total - 86399) / 86400
        let (year, month, day) = civil(fromDays: Int(days))
        return ("\(year)-\(two(month))-\(two(day))", Int(total - days * 86400))
    }

    /// `HH:MM` or `HH:MM:SS` of a time of day in seconds.
    public static func clock(_ secondsOfDay: Int, seconds: Bool) -> String {
        let minutes = "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60))"
        return seconds ? minutes + ":\(two(secondsOfDay % 60))" : minutes
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    public static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
