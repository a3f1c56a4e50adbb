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
