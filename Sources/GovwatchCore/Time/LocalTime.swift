/// Times as people read them: `2026-12-02 11:30` in the configured zone
/// (`[daemon] timezone`, China Standard Time by default), not RFC 3339 UTC,
/// which alert JSON keeps for programs. Pure arithmetic on a fixed offset:
/// the configuration resolves the zone's name (with the system's zone
/// database) when it is read; China's zones have no daylight saving time.
public struct LocalTime: Sendable, Hashable {
    public let offsetSeconds: Int

    public init(offsetSeconds: Int) { self.offsetSeconds = offsetSeconds }

    public static let chinaStandardTime = LocalTime(offsetSeconds: 8 * 3600)

    /// `2026-12-02 11:30`.
    public func display(_ timestamp: Timestamp) -> String {
        let (date, secondsOfDay) = CivilDate.split(epochSeconds: timestamp.epochSeconds, offset: offsetSeconds)
        return "\(date) \(CivilDate.clock(secondsOfDay, seconds: false))"
    }

    /// An RFC 3339 time shown as ``display(_:)-swift.method``; a bare date
    /// (`2021-07-21`) and text that does not parse stay as they are.
    public func display(_ rfc3339: String) -> String {
        guard rfc3339.unicodeScalars.count > 10, let timestamp = Timestamp(rfc3339: rfc3339) else { return rfc3339 }
        return display(timestamp)
    }
}
