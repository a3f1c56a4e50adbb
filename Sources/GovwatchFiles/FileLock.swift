#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An exclusive advisory lock on a file (flock), held for the lifetime of
/// the value: serializes work on one state between processes (a source's
/// cycle, delivery, the site) whatever runs it: the daemon, `govwatch
/// once`, `govwatch site build`. The kernel releases it when the process
/// dies, so a crash never leaves it held.
public final class FileLock: Sendable {
    let fd: Int32

    init(holding fd: Int32) { self.fd = fd }

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

extension FileLock {
    /// Takes the lock if no one holds it; nil when another holder does.
    public convenience init?(trying path: String) throws(SystemCallError) {
        let fd = try SystemCall.open(path, O_RDWR | O_CREAT, 0o640)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            SystemCall.close(fd)
            if code == EWOULDBLOCK { return nil }
            throw SystemCallError(call: "flock", path: path, errno: code)
        }
        self.init(holding: fd)
    }

    /// Takes the lock without blocking a thread: while another process
    /// holds it, waits `poll` and tries again, for at most `limit`. nil:
    /// still held after `limit` (or the task was cancelled while waiting).
    public static func acquire(
        path: String, waitingAtMost limit: Duration, poll: Duration = .milliseconds(50)
    ) async throws(SystemCallError) -> FileLock? {
        let deadline = ContinuousClock.now + limit
        while true {
            if let lock = try FileLock(trying: path) { return lock }
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return nil }
            try? await Task.sleep(for: poll)
        }
    }
}
