public import GovwatchCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension WallClock {
    /// The system's real-time clock (CLOCK_REALTIME).
    public static let system = WallClock {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(epochSeconds: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }
}
