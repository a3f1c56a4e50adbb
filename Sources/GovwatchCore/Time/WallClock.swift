/// Where govwatch reads wall-clock time: one value passed from the
/// composition root to every part that needs "now", so tests set the time
/// instead of sleeping. The system's clock is `WallClock.system`
/// (GovwatchFiles); Core itself never reads a clock.
public struct WallClock: Sendable {
    public var now: @Sendable () -> Timestamp

    public init(now: @escaping @Sendable () -> Timestamp) { self.now = now }

    /// A clock stopped at `time` (tests).
    public static func fixed(_ time: Timestamp) -> WallClock { WallClock { time } }
}
