import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchPublish
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// `govwatch serve`: the reviewer site over HTTP for a quick local look.
///
/// Served by Hummingbird (SwiftNIO's HTTP/1.1 parser): request lines and
/// headers past their limits are refused at once with 400 and the
/// connection closed, idle connections are closed, and keep-alive answers
/// go out without delay.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the reviewer site read-only over HTTP (loopback by default) until Ctrl-C.",
        discussion: """
            For people without a web server; behind one, serve [site] dir directly \
            (Deploy/nginx/govwatch-site.conf). Only GET and HEAD of the site's own files are \
            answered (other methods: 405); the site is read where its link points at each \
            request, so pages the daemon rebuilds show at once. Exit status 74 when the address \
            cannot be listened on, 66 when there is no site yet.
            """
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on, HOST:PORT (a non-loopback host exposes the site to the network).")
    var listen = "127.0.0.1:8080"

    func validate() throws { _ = try address() }

    func address() throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]),
            !listen[..<colon].isEmpty
        else { throw ValidationError("--listen \(listen) is not HOST:PORT (for example 127.0.0.1:8080)") }
        return (String(listen[..<colon]), Int(port))
    }

    /// Limits a reviewer's browser never comes near.
    static let http1 = HTTP1Channel.Configuration(
        idleTimeout: .seconds(30),
        httpDecoderConfiguration: .init(
            maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100))

    func run() async throws {
        try await reporting {
            let configuration = try common.loadConfigurationForReading()
            let site = configuration.site.directory
            guard FileManager.default.fileExists(atPath: site + "/index.html") else {
                throw CommandFailure(.noInput, "no site in \(site) yet: run govwatch site build -c FILE first")
            }
            let (host, port) = try address()
            if !Self.isLoopback(host) {
                FileHandle.standardError.write(
                    Data(
                        ("govwatch: warning: \(host) is not a loopback address: the reviewer site is now open to "
                            + "the network, without a password (put it behind nginx, Deploy/nginx)\n").utf8))
            }
            var logger = Logger(label: "govwatch-serve")
            logger.logLevel = .critical
            let listen = self.listen
            let app = Application(
                responder: CallbackResponder { (request: Request, _: BasicRequestContext) in
                    Self.respond(to: request, site: site)
                },
                server: .http1(configuration: Self.http1),
                configuration: .init(address: .hostname(host, port: port), serverName: nil),
                onServerRunning: { _ in
                    // Said once listening (a busy port says only why it failed); unbuffered for scripts.
                    FileHandle.standardOutput.write(Data("serving \(site) at http://\(listen)/ (Ctrl-C stops)\n".utf8))
                },
                logger: logger)
            do { try await app.runService() } catch {
                throw CommandFailure(.ioError, "cannot listen on \(listen): \(Self.reason(error))")
            }
        }
    }

    /// A site file for GET and HEAD (HEAD: its length, no body); 405 for
    /// any other method; 404 for anything that is not a file of the site.
    static func respond(to request: Request, site: String) -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(
                status: .methodNotAllowed, headers: [.allow: "GET, HEAD", .contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "只能读取（GET、HEAD）。\n")))
        }
        guard let found = SiteFiles.find(request.head.path ?? "/", in: site),
            let data = FileManager.default.contents(atPath: found.path)
        else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "没有这个页面。\n")))
        }
        let headers: HTTPFields = [
            .contentType: found.contentType, .contentLength: "\(data.count)", .xContentTypeOptions: "nosniff",
        ]
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        return Response(status: .ok, headers: headers, body: body)
    }

    /// 127.0.0.0/8, ::1 and localhost: the only hosts that keep the site on this machine.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// NIO's bind error in words (`Address already in use`), without the call's internals.
    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        for known in ["Address already in use", "Permission denied", "Cannot assign requested address"]
        where text.contains(known) {
            return known.prefix(1).lowercased() + known.dropFirst()
        }
        return text
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
