import ArgumentParser
import FlyingFox
import FlyingSocks
import Foundation
import GovwatchConfig
import GovwatchPublish

/// `govwatch serve`: the reviewer site over HTTP for a quick local look.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the reviewer site read-only over HTTP (loopback by default) until Ctrl-C.",
        discussion: """
            For people without a web server; behind one, serve [site] dir directly \
            (Deploy/nginx/govwatch-site.conf). Only GET and HEAD of the site's own files are \
            answered; the site is read where its link points at each request, so pages the \
            daemon rebuilds show at once.
            """
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Address to listen on, HOST:PORT (a non-loopback host exposes the site to the network).")
    var listen = "127.0.0.1:8080"

    func validate() throws { _ = try address() }

    func address() throws -> (host: String, port: UInt16) {
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]),
            !listen[..<colon].isEmpty
        else { throw ValidationError("--listen \(listen) is not HOST:PORT (for example 127.0.0.1:8080)") }
        return (String(listen[..<colon]), port)
    }

    func run() async throws {
        let configuration = try common.loadConfiguration()
        let site = configuration.site.directory
        guard FileManager.default.fileExists(atPath: site + "/index.html") else {
            throw CommandFailure(.noInput, "no site in \(site) yet: run govwatch site build -c FILE first").exit
        }
        let (host, port) = try address()
        let server = HTTPServer(address: try .inet(ip4: host, port: port), logger: .disabled)
        let handler = Self.handler(site)
        await server.appendRoute("GET *", handler: handler)
        await server.appendRoute("HEAD *", handler: handler)
        // Unbuffered: whoever started it (a script, a unit) sees the line at once.
        FileHandle.standardOutput.write(Data("serving \(site) at http://\(listen)/ (Ctrl-C stops)\n".utf8))
        try await server.run()
    }

    static func handler(_ site: String) -> @Sendable (HTTPRequest) async throws -> HTTPResponse {
        { request in
            guard let found = SiteFiles.find(request.path, in: site),
                let data = FileManager.default.contents(atPath: found.path)
            else {
                return HTTPResponse(
                    statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: Data("没有这个页面。\n".utf8))
            }
            return HTTPResponse(
                statusCode: .ok,
                headers: [.contentType: found.contentType, HTTPHeader("X-Content-Type-Options"): "nosniff"],
                body: request.method == .HEAD ? Data() : data)
        }
    }
}
