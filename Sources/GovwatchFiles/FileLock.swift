#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An exclusive advisory lock on a file (flock), held for the lifetime of
/// the value: serializes delivery between the daemon and `govwatch once`.
public final class FileLock: Sendable {
    let fd: Int32

    /// Blocks until the lock is held. Callers keep it briefly (one delivery).
    public init(path: String) throws(SystemCallError) {
        fd = try SystemCall.open(path, O_RDWR | O_CREAT, 0o640)
        do {
            try SystemCall.check("flock", path) { flock(fd, LOCK_EX) }
        } catch {
            SystemCall.close(fd)
            throw error
        }
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        SystemCall.close(fd)
    }
}
