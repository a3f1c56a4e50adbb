/// The test hooks a process honours, read from its environment once by the
/// CLI and passed down; library modules never read the environment for
/// them. All are unset in production.
public struct TestHooks: Sendable, Hashable {
    /// `GOVWATCH_TEST_CRASH=<point>`: end the process at that point with
    /// status 99, as a power cut would (see `CrashPoint` in GovwatchFiles).
    public var crashPoint: String?
    /// `GOVWATCH_TEST_HANG_AFTER_CYCLES=N`: the daemon's scheduler stops
    /// beating after N cycles, so the watchdog must go quiet.
    public var hangAfterCycles: Int?
    /// `GOVWATCH_NOTIFY_BACKOFF=<duration>`: the notifiers' first retry
    /// wait (10 s otherwise).
    public var notifyBackoff: Duration?

    public init(crashPoint: String? = nil, hangAfterCycles: Int? = nil, notifyBackoff: Duration? = nil) {
        self.crashPoint = crashPoint
        self.hangAfterCycles = hangAfterCycles
        self.notifyBackoff = notifyBackoff
    }

    /// No hook armed.
    public static let none = TestHooks()

    /// The hooks named in `environment`; a value that does not parse arms nothing.
    public init(environment: [String: String]) {
        crashPoint = environment["GOVWATCH_TEST_CRASH"].flatMap { $0.isEmpty ? nil : $0 }
        hangAfterCycles = environment["GOVWATCH_TEST_HANG_AFTER_CYCLES"].flatMap { Int($0) }
        notifyBackoff = environment["GOVWATCH_NOTIFY_BACKOFF"].flatMap { try? DurationText.parse($0) }
    }

    /// The notifiers' first retry wait.
    public var notifyBackoffBase: Duration { notifyBackoff ?? .seconds(10) }
}
