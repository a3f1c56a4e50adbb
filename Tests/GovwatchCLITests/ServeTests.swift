import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `govwatch serve` as a browser and a hostile client meet it: GET and
/// HEAD of the site's files, 405 for other methods, oversized request
/// lines and headers refused at once without stalling the server, a busy
/// port said before anything else.
@Suite("govwatch serve", .serialized)
struct ServeTests {
    /// A running `serve` over a site built by one `once`.
    final class Server {
        let process = Process()
        let port: Int
        let workspace: Workspace
        let stdout = Pipe()

        init() throws {
            let site = try SimulatedSite()
            site.publish(
                .init(
                    path: OnceEndToEndTests.h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况",
                    date: "2022-01-06", html: OnceEndToEndTests.clean))
            workspace = try Workspace(site: site)
            try workspace.once()
            port = try ServeTests.freePort()
            process.executableURL = GovwatchBinary.url
            process.arguments = ["serve", "--config", workspace.configURL.path, "--listen", "127.0.0.1:\(port)"]
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Listening once it says so.
            _ = stdout.fileHandleForReading.availableData
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends `request` on a new connection and reads until the server
    /// closes it or `seconds` pass: what came back.
    static func exchange(_ request: [UInt8], port: Int, seconds: Int = 5) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return "" }
        var offset = 0
        while offset < request.count {
            let sent = request[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { break }
            offset += sent
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    static func request(_ line: String, headers: [String] = []) -> [UInt8] {
        Array((([line, "Host: 127.0.0.1", "Connection: close"] + headers).joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    @Test func getHeadAndOtherMethods() throws {
        let server = try Server()
        let get = Self.exchange(Self.request("GET / HTTP/1.1"), port: server.port)
        #expect(get.hasPrefix("HTTP/1.1 200"))
        #expect(get.contains("</html>"))
        let index = try Data(
            contentsOf: server.workspace.root.appendingPathComponent("state/site/index.html"))
        let head = Self.exchange(Self.request("HEAD /index.html HTTP/1.1"), port: server.port)
        #expect(head.hasPrefix("HTTP/1.1 200"))
        #expect(head.lowercased().contains("content-length: \(index.count)\r\n"), "HEAD says the file's length")
        #expect(head.hasSuffix("\r\n\r\n"), "and sends no body")
        let post = Self.exchange(
            Self.request("POST /index.html HTTP/1.1", headers: ["Content-Length: 0"]), port: server.port)
        #expect(post.hasPrefix("HTTP/1.1 405"))
        #expect(post.lowercased().contains("allow: get, head\r\n"))
        let hidden = Self.exchange(Self.request("GET /.site.json HTTP/1.1"), port: server.port)
        #expect(hidden.hasPrefix("HTTP/1.1 404"))
    }

    /// A 256 KiB URL and a 1 MiB header: refused at once (not scanned for
    /// seconds), and the server answers the next client right away.
    @Test func oversizedRequestsAreRefusedAtOnce() throws {
        let server = try Server()
        let longURL = "GET /" + String(repeating: "a", count: 256 * 1024) + " HTTP/1.1"
        let refused = Self.exchange(Self.request(longURL), port: server.port, seconds: 3)
        #expect(refused.hasPrefix("HTTP/1.1 4"), "answered 4xx, not left hanging: \(refused.prefix(40))")
        let bigHeader = Self.request("GET / HTTP/1.1", headers: ["X-Big: " + String(repeating: "b", count: 1 << 20)])
        #expect(Self.exchange(bigHeader, port: server.port, seconds: 3).hasPrefix("HTTP/1.1 4"))
        #expect(Self.exchange(Self.request("GET / HTTP/1.1"), port: server.port, seconds: 3).hasPrefix("HTTP/1.1 200"))
    }

    /// A port already taken: one line saying so, nothing claiming to serve, exit 74.
    @Test func aBusyPortIsSaidBeforeAnythingElse() throws {
        let server = try Server()
        let second = try GovwatchBinary.run([
            "serve", "--config", server.workspace.configURL.path, "--listen", "127.0.0.1:\(server.port)",
        ])
        #expect(second.status == 74)
        #expect(second.stdout.isEmpty, "no 'serving' line")
        #expect(second.stderr.hasPrefix("govwatch: cannot listen on 127.0.0.1:\(server.port): address already in use"))
    }

    /// Listening beyond loopback warns that the site is on the network
    /// (nothing is sent there: the server only listens, and is stopped).
    @Test func aNonLoopbackAddressIsWarnedAbout() throws {
        let server = try Server()
        let process = Process()
        process.executableURL = GovwatchBinary.url
        let port = try Self.freePort()
        process.arguments = ["serve", "--config", server.workspace.configURL.path, "--listen", "0.0.0.0:\(port)"]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let warning = String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self)
        process.terminate()
        process.waitUntilExit()
        #expect(warning.hasPrefix("govwatch: warning: 0.0.0.0 is not a loopback address"))
    }
}
