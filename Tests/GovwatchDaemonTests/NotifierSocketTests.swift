import Foundation
import GovwatchSystemd
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// sd_notify must never block the daemon: a listener that read READY=1
/// and stopped reading once hung the scheduler in `sendto`.
@Suite("sd_notify never blocks")
struct NotifierSocketTests {
    @Test(.timeLimit(.minutes(10)))
    func aSocketNobodyReadsDropsMessagesInsteadOfBlocking() throws {
        let path = NSTemporaryDirectory() + "notify-\(UUID().uuidString.prefix(8)).sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer {
            close(fd)
            unlink(path)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        let notifier = SystemdNotifier(socketPath: path)
        #expect(notifier.notify("READY=1"))
        // Far more than a datagram queue holds: the first ones go, then sends fail at once.
        let sent = (0..<5000).filter { notifier.notify("STATUS=cycle \($0) of a source that is not read") }.count
        #expect(sent > 0 && sent < 5000)
    }
}
