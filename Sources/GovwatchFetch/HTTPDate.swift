import GovwatchCore

#if canImport(Glibc)
    import Glibc
#endif

/// Wall-clock seconds since the Unix epoch.
public func currentEpochSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// HTTP-dates (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`,
/// and the obsolete RFC 850 and asctime forms, all in GMT.
public enum HTTPDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    public static func epochSeconds(_ text: String) -> Double? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (Int, Int, Int)?
        for word in words {
            if let index = months.firstIndex(of: word.lowercased()) {
                month = index + 1
                continue
            }
            if word.contains(":") {
                let parts = word.split(separator: ":").compactMap { Int($0) }
                if parts.count == 3 { time = (parts[0], parts[1], parts[2]) }
                continue
            }
            guard let number = Int(word) else { continue }
            if day == nil && number >= 1 && number <= 31 && word.count <= 2 {
                day = number
            } else if year == nil {
                year = number < 100 ? (number < 70 ? 2000 + number : 1900 + number) : number
            }
        }
        guard let day, let month, let year, let (hour, minute, second) = time,
            hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        return Double(days * 86400 + hour * 3600 + minute * 60 + second)
    }
}
