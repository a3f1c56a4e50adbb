import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Plays systemd's side of the notify protocol for tests: an AF_UNIX
/// datagram socket whose path goes into `$NOTIFY_SOCKET`, recording every
/// message with the time it arrived.
public final class NotifySocketListener: Sendable {
    public struct Message: Sendable {
        public var text: String
        public var at: ContinuousClock.Instant
    }

    public let path: String
    private let fd: Int32
    private let box = Box()

    final class Box: Sendable {
        let messages = Mutex<[Message]>([])
        let closed = Mutex(false)
    }

    public init() throws {
        path = NSTemporaryDirectory() + "govwatch-notify-\(UUID().uuidString.prefix(8)).sock"
        let socketFD = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard socketFD >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            close(socketFD)
            throw POSIXError(.EADDRINUSE)
        }
        fd = socketFD
        let fd = socketFD
        let box = self.box
        Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if box.closed.withLock({ $0 }) { return }
                let text = String(decoding: buffer[..<count], as: UTF8.self)
                box.messages.withLock { $0.append(Message(text: text, at: .now)) }
            }
        }.start()
    }

    deinit {
        box.closed.withLock { $0 = true }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
        unlink(path)
    }

    public var messages: [Message] { box.messages.withLock { $0 } }

    /// Waits until a message satisfying `predicate` arrives after index `from`.
    @discardableResult
    public func waitFor(after from: Int = 0, timeout: Duration = .seconds(20), _ predicate: (String) -> Bool)
        -> Message?
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let list = messages
            if let found = list.dropFirst(from).first(where: { predicate($0.text) }) { return found }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }
}
