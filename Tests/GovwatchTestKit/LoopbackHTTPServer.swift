import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A scripted HTTP/1.1 server on 127.0.0.1 for tests: each request is
/// answered by a handler that can reply normally, trickle bytes, or reset
/// the connection — faults a library server would not let a test make.
/// One thread per connection; every response closes its connection.
///
/// It records every request with its start and end times, so tests can check
/// what the client sent and how politely it sent it. Test-only code: the
/// product never parses HTTP itself (libcurl does).
public final class LoopbackHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header names lowercased.
        public var headers: [String: String]
        /// Every header line as it came, in order (`headers` keeps one line a name).
        public var headerLines: [String]
        public var body: [UInt8]
        public var receivedAt: ContinuousClock.Instant
        public var finishedAt: ContinuousClock.Instant?
    }

    public indirect enum Reply: Sendable {
        /// A complete response with Content-Length.
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Headers, then `body` one chunk of `chunkSize` bytes every `interval`.
        case trickle(status: Int, headers: [(String, String)] = [], body: [UInt8], chunkSize: Int, interval: Duration)
        /// Reset the connection (RST) after reading the request.
        case reset
        /// Wait, then reply.
        case delayed(Duration, Reply)

        public static func text(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> Reply {
            .respond(
                status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + headers,
                body: Array(text.utf8))
        }
    }

    public typealias Handler = @Sendable (Request) -> Reply

    private let listener: Int32
    public let port: Int
    private let handler: Handler
    private let state = Mutex<(requests: [Request], active: Int, maxActive: Int, stopped: Bool)>(([], 0, 0, false))

    /// Starts listening on 127.0.0.1 (or `address`) on an ephemeral port.
    public init(address: String = "127.0.0.1", handler: @escaping Handler) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, address, &addr.sin_addr)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    public func url(_ path: String, host: String = "127.0.0.1") -> String { "http://\(host):\(port)\(path)" }

    /// Requests received so far, in arrival order.
    public var requests: [Request] { state.withLock { $0.requests } }
    /// The most requests ever in progress at once.
    public var maxConcurrent: Int { state.withLock { $0.maxActive } }

    public func stop() {
        let wasRunning = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        // Only shut down here: the accept thread closes the descriptor when it
        // leaves, so the number cannot be reused by another socket while
        // that thread may still call accept() on it.
        if wasRunning { shutdown(listener, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if state.withLock({ $0.stopped }) {
                if connection >= 0 { close(connection) }
                return
            }
            if connection < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        guard var request = readRequest(fd) else {
            close(fd)
            return
        }
        let index = state.withLock { state -> Int in
            state.active += 1
            state.maxActive = max(state.maxActive, state.active)
            state.requests.append(request)
            return state.requests.count - 1
        }
        var reply = handler(request)
        while case let .delayed(wait, next) = reply {
            Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
            reply = next
        }
        switch reply {
        case let .respond(status, headers, body):
            writeAll(fd, head(status, headers, contentLength: body.count) + body)
        case let .trickle(status, headers, body, chunkSize, interval):
            if writeAll(fd, head(status, headers, contentLength: body.count)) {
                var offset = 0
                while offset < body.count {
                    let end = min(offset + chunkSize, body.count)
                    guard writeAll(fd, Array(body[offset..<end])) else { break }
                    offset = end
                    Thread.sleep(
                        forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds)
                            / 1e18)
                }
            }
        case .reset:
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        case .delayed:
            break
        }
        request.finishedAt = .now
        state.withLock { state in
            state.active -= 1
            state.requests[index].finishedAt = request.finishedAt
        }
        close(fd)
    }

    private func head(_ status: Int, _ headers: [(String, String)], contentLength: Int) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\n"
        // A Content-Length header given with an empty value means "send none":
        // the body then ends when the connection closes.
        for (name, value) in headers where !value.isEmpty { text += "\(name): \(value)\r\n" }
        if !headers.contains(where: { $0.0.lowercased() == "content-length" }) {
            text += "Content-Length: \(contentLength)\r\n"
        }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    @discardableResult
    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    private func readRequest(_ fd: Int32) -> Request? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        var headerEnd: Int?
        while headerEnd == nil {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[..<count])
            if buffer.count > 1 << 20 { return nil }
            headerEnd = Self.find([13, 10, 13, 10], in: buffer)
        }
        let headText = String(decoding: buffer[..<headerEnd!], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        var body = Array(buffer[(headerEnd! + 4)...])
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            body.append(contentsOf: chunk[..<count])
        }
        return Request(
            method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, headerLines: lines,
            body: body,
            receivedAt: .now, finishedAt: nil)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }
}
