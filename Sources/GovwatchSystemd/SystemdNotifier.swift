#if canImport(Glibc)
    import Glibc
#endif

/// The systemd notification protocol without libsystemd: one datagram per
/// message to the AF_UNIX socket named by `$NOTIFY_SOCKET` (a path, or an
/// abstract name written with a leading `@`).
///
/// Without `$NOTIFY_SOCKET` (not started by systemd) every call is a no-op.
public struct SystemdNotifier: Sendable {
    public let socketPath: String?

    public init(environment: [String: String]) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public init(socketPath: String?) { self.socketPath = socketPath }

    /// Sends `READY=1`, `STATUS=…`, `WATCHDOG=1`, `RELOADING=1`, `STOPPING=1` …
    /// (several lines make one message). Returns false when sending failed;
    /// a daemon must not die because its supervisor went away, nor stop
    /// because it stopped reading: the send never blocks (`MSG_DONTWAIT`),
    /// and a message a full socket cannot take is dropped. A blocking send
    /// hung the scheduler when a listener read `READY=1` and no more.
    @discardableResult
    public func notify(_ message: String) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }  // abstract namespace
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1))
        let bytes = Array(message.utf8)
        while true {
            let sent = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    bytes.withUnsafeBytes {
                        sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), address, length)
                    }
                }
            }
            if sent >= 0 { return true }
            if errno == EINTR { continue }
            return false
        }
    }

    /// `STATUS=` text is one line; systemd shows it in `systemctl status`.
    public func status(_ text: String) {
        notify("STATUS=" + text.replacing("\n", with: " "))
    }
}

/// The watchdog interval systemd expects pings within (`$WATCHDOG_USEC`),
/// when `$WATCHDOG_PID` is absent or names this process.
public struct WatchdogSettings: Sendable {
    public let interval: Duration

    public init?(environment: [String: String]) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else {
            return nil
        }
        if let pid = environment["WATCHDOG_PID"], let value = Int32(pid), value != getpid() { return nil }
        interval = .microseconds(microseconds)
    }

    /// Ping at half the interval, as sd_watchdog_enabled(3) advises.
    public var pingPeriod: Duration { interval / 2 }
}
