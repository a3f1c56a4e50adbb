#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Limits a process sets on itself before reading untrusted input (the
/// attachment reader's child, `govwatch read-attachment`): the kernel ends
/// it (SIGKILL past the CPU limit, a failed allocation past the data
/// limit) whatever the input makes the parsers do.
public enum ResourceLimits {
    /// `dataBytes`: heap and anonymous mappings (RLIMIT_DATA, counted by
    /// Linux since 4.7); `cpuSeconds`: CPU time (RLIMIT_CPU); no core is
    /// dumped. (Not RLIMIT_FSIZE: output redirected to a file, as an
    /// operator trying the child by hand would, would be killed by it.)
    /// Returns the limits that could not be set (none in practice:
    /// lowering a limit needs no privilege).
    @discardableResult
    public static func apply(dataBytes: Int, cpuSeconds: Int) -> [String] {
        var failed: [String] = []
        func set(_ name: String, _ resource: Int32, _ value: Int) {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            if setrlimit(__rlimit_resource_t(resource), &limit) != 0 { failed.append(name) }
        }
        set("RLIMIT_DATA", Int32(RLIMIT_DATA.rawValue), dataBytes)
        set("RLIMIT_CPU", Int32(RLIMIT_CPU.rawValue), cpuSeconds)
        set("RLIMIT_CORE", Int32(RLIMIT_CORE.rawValue), 0)
        return failed
    }
}
