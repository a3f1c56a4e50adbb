import Foundation
import GovwatchCore
import GovwatchTestKit
import Testing

@testable import GovwatchFetch

/// The User-Agent and Referer a request carries: each exactly once, the
/// operator's or the request's own winning, through a proxy too (they go in
/// libcurl's header list, not its options, where they can).
@Suite("Request headers")
struct RequestHeaderTests {
    func configuration(_ change: (inout FetchConfiguration) -> Void = { _ in }) -> FetchConfiguration {
        var configuration = FetchConfiguration()
        configuration.perHostDelay = .zero
        configuration.connectTimeout = .seconds(5)
        configuration.totalTimeout = .seconds(20)
        change(&configuration)
        return configuration
    }

    /// The values of every line of `request` named `name` (lowercase).
    func lines(_ name: String, _ request: LoopbackHTTPServer.Request) -> [String] {
        request.headerLines.compactMap { line in
            guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name else { return nil }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func theAgentAndTheRefererGoOnceEach() async throws {
        let server = try LoopbackHTTPServer { _ in .text("<html></html>") }
        let configuration = configuration()
        let referer = server.url("/col/col1/index.html")
        _ = try await Fetcher(configuration: configuration).fetch(
            FetchRequest(url: server.url("/art/1.html"), referer: referer))
        let request = try #require(server.requests.first)
        #expect(lines("user-agent", request) == [configuration.userAgent])
        #expect(lines("referer", request) == [referer])
        #expect(lines("accept-language", request) == ["zh-CN,zh;q=0.9"])
    }

    @Test func noRefererWhenTheRequestHasNone() async throws {
        let server = try LoopbackHTTPServer { _ in .text("<html></html>") }
        _ = try await Fetcher(configuration: configuration()).fetch(FetchRequest(url: server.url("/a")))
        let request = try #require(server.requests.first)
        #expect(lines("referer", request).isEmpty)
        #expect(lines("user-agent", request).count == 1)
    }

    @Test func anAgentOrRefererSetAsAHeaderWins() async throws {
        let server = try LoopbackHTTPServer { _ in .text("<html></html>") }
        let configuration = configuration { $0.headers.append("user-AGENT: operator/2") }
        _ = try await Fetcher(configuration: configuration).fetch(
            FetchRequest(
                url: server.url("/a"), headers: ["REFERER: http://elsewhere.test/"],
                referer: server.url("/col")))
        let request = try #require(server.requests.first)
        #expect(lines("user-agent", request) == ["operator/2"])
        #expect(lines("referer", request) == ["http://elsewhere.test/"])
    }

    /// Through a plain-HTTP proxy the request goes to the proxy with the
    /// absolute URL, the agent once.
    @Test func throughAProxyTheAgentGoesOnce() async throws {
        let proxy = try LoopbackHTTPServer { _ in .text("<html></html>") }
        let configuration = configuration { $0.proxy = proxy.url("") }
        _ = try await Fetcher(configuration: configuration).fetch(
            FetchRequest(url: "http://report.govwatch.invalid/art/1.html", referer: "http://report.govwatch.invalid/"))
        let request = try #require(proxy.requests.first)
        #expect(request.path == "http://report.govwatch.invalid/art/1.html")
        #expect(lines("user-agent", request) == [configuration.userAgent])
        #expect(lines("referer", request) == ["http://report.govwatch.invalid/"])
    }

    /// An https URL through a proxy opens with a CONNECT, which carries
    /// libcurl's agent option but not the header list: the agent must be
    /// there. (The loopback proxy answers no TLS, so the fetch fails after.)
    @Test func aProxyTunnelIsOpenedWithTheAgent() async throws {
        let proxy = try LoopbackHTTPServer { _ in .text("<html></html>") }
        let configuration = configuration { $0.proxy = proxy.url("") }
        _ = try? await Fetcher(configuration: configuration).fetch(
            FetchRequest(url: "https://report.govwatch.invalid/art/1.html", conditional: false))
        let request = try #require(proxy.requests.first)
        #expect(request.method == "CONNECT")
        #expect(lines("user-agent", request) == [configuration.userAgent])
    }

    /// The agent and referer open the list (libcurl's own lines come
    /// before it: Host, Accept, Accept-Encoding); through a proxy the
    /// agent is an option instead, for the CONNECT.
    @Test func theAgentAndRefererOpenTheHeaderList() {
        let configuration = configuration()
        let request = FetchRequest(url: "http://a.test/art/1.html", referer: "http://a.test/col/1.html")
        let direct = CurlTransfer.headerLines(
            configuration, request, extraHeaders: ["If-None-Match: \"v1\""], proxied: false)
        #expect(
            direct.lines == [
                "User-Agent: \(configuration.userAgent)", "Referer: http://a.test/col/1.html",
                "Accept-Language: zh-CN,zh;q=0.9", "If-None-Match: \"v1\"",
            ])
        #expect(direct.agentOption == nil)
        let proxied = CurlTransfer.headerLines(configuration, request, extraHeaders: [], proxied: true)
        #expect(proxied.lines == ["Referer: http://a.test/col/1.html", "Accept-Language: zh-CN,zh;q=0.9"])
        #expect(proxied.agentOption == configuration.userAgent)
        let own = CurlTransfer.headerLines(
            configuration, FetchRequest(url: request.url, headers: ["User-Agent: mine"]), extraHeaders: [],
            proxied: false)
        #expect(own.lines == ["Accept-Language: zh-CN,zh;q=0.9", "User-Agent: mine"])
    }

    @Test func aHeaderLineIsNamedAsLibcurlTellsIt() {
        #expect(CurlTransfer.sets("user-agent", in: ["Accept: */*", "User-Agent: x"]))
        #expect(CurlTransfer.sets("user-agent", in: ["USER-AGENT:x"]))
        #expect(CurlTransfer.sets("user-agent", in: ["User-Agent;"]))
        #expect(!CurlTransfer.sets("user-agent", in: ["User-Agents: x"]))
        #expect(!CurlTransfer.sets("user-agent", in: ["User-Agent"]))
        #expect(!CurlTransfer.sets("user-agent", in: ["X-User-Agent: x"]))
        #expect(!CurlTransfer.sets("referer", in: []))
    }
}
