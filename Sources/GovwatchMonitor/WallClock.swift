import GovwatchCore

#if canImport(Glibc)
import Glibc
#endif

/// Where the monitor reads wall-clock time. Tests inject their own.
public struct WallClock: Sendable {
    public var now: @Sendable () -> Timestamp

    public init(now: @escaping @Sendable () -> Timestamp) { self.now = now }

    public static let system = WallClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(epochSeconds: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }
}

/// Test hook: `GOVWATCH_TEST_CRASH=after-commit` (or `after-spool`) ends the
/// process at that point with status 99, as a power cut would, so tests can
/// prove that nothing is lost or repeated. Unset in production.
enum CrashPoint {
    static let armed: String? = {
        guard let value = getenv("GOVWATCH_TEST_CRASH") else { return nil }
        return String(cString: value)
    }()

    static func hit(_ name: String) {
        if armed == name { _exit(99) }
    }
}
