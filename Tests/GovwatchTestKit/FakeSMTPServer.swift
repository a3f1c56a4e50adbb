import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal SMTP server on 127.0.0.1 for tests: accepts every message and
/// records the envelope and the data. Test-only; govwatch itself talks SMTP
/// through libcurl.
public final class FakeSMTPServer: Sendable {
    public struct Mail: Sendable {
        public var from: String
        public var recipients: [String]
        public var data: String
    }

    public let port: Int
    private let fd: Int32
    private let box = Box()

    final class Box: Sendable {
        let mails = Mutex<[Mail]>([])
    }

    public init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketFD, 16) == 0 else {
            close(socketFD)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(socketFD, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        fd = socketFD
        let box = self.box
        Thread {
            while true {
                let connection = accept(socketFD, nil, nil)
                if connection < 0 {
                    if errno == EINTR { continue }
                    return
                }
                Self.serve(connection, box)
                close(connection)
            }
        }.start()
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }
    public var mails: [Mail] { box.mails.withLock { $0 } }

    static func serve(_ fd: Int32, _ box: Box) {
        var buffer: [UInt8] = []
        func send(_ line: String) {
            _ = Array((line + "\r\n").utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        }
        func readLine() -> String? {
            while true {
                if let index = buffer.firstIndex(of: 10) {
                    let line = String(decoding: buffer[..<index], as: UTF8.self).trimmingCharacters(in: .newlines)
                    buffer.removeSubrange(...index)
                    return line
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                guard count > 0 else { return nil }
                buffer.append(contentsOf: chunk[..<count])
            }
        }
        send("220 fake.smtp ESMTP")
        var mail = Mail(from: "", recipients: [], data: "")
        while let line = readLine() {
            let upper = line.uppercased()
            if upper.hasPrefix("EHLO") || upper.hasPrefix("HELO") {
                send("250-fake.smtp")
                send("250 8BITMIME")
            } else if upper.hasPrefix("MAIL FROM:") {
                mail = Mail(from: String(line.dropFirst(10)), recipients: [], data: "")
                send("250 OK")
            } else if upper.hasPrefix("RCPT TO:") {
                mail.recipients.append(String(line.dropFirst(8)))
                send("250 OK")
            } else if upper == "DATA" {
                send("354 go ahead")
                var lines: [String] = []
                while let dataLine = readLine(), dataLine != "." { lines.append(dataLine) }
                mail.data = lines.joined(separator: "\r\n")
                let finished = mail
                box.mails.withLock { $0.append(finished) }
                send("250 queued")
            } else if upper == "QUIT" {
                send("221 bye")
                return
            } else {
                send("250 OK")
            }
        }
    }
}
