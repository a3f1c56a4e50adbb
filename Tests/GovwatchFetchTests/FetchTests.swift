import Foundation
import GovwatchCore
import GovwatchTestKit
import Testing

@testable import GovwatchFetch

/// Every test talks to a loopback server it starts itself.
@Suite("libcurl fetch layer")
struct FetchTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    func configuration(_ change: (inout FetchConfiguration) -> Void = { _ in }) -> FetchConfiguration {
        var configuration = FetchConfiguration()
        configuration.perHostDelay = .zero
        configuration.connectTimeout = .seconds(5)
        configuration.totalTimeout = .seconds(20)
        configuration.backoffBase = .milliseconds(300)
        configuration.backoffJitter = 0
        change(&configuration)
        return configuration
    }

    @Test func etagRoundTrip() async throws {
        let server = try LoopbackHTTPServer { request in
            request.headers["if-none-match"] == "\"v1\""
                ? .respond(status: 304, headers: [("ETag", "\"v1\"")])
                : .text("<p>报告</p>", headers: [("ETag", "\"v1\"")])
        }
        let fetcher = Fetcher(configuration: configuration())
        let first = try await fetcher.fetch(FetchRequest(url: server.url("/a")))
        #expect(first.status == 200 && first.etag == "\"v1\"")
        #expect(String(decoding: first.body, as: UTF8.self) == "<p>报告</p>")
        let second = try await fetcher.fetch(FetchRequest(url: server.url("/a")))
        #expect(second.notModified && second.body.isEmpty)
        #expect(server.requests.map { $0.headers["if-none-match"] } == [nil, "\"v1\""])
    }

    @Test func lastModifiedRoundTrip() async throws {
        let stamp = "Wed, 21 Jul 2021 08:00:00 GMT"
        let server = try LoopbackHTTPServer { request in
            request.headers["if-modified-since"] == stamp
                ? .respond(status: 304)
                : .text("<p>x</p>", headers: [("Last-Modified", stamp)])
        }
        let fetcher = Fetcher(configuration: configuration())
        #expect(try await fetcher.fetch(FetchRequest(url: server.url("/b"))).status == 200)
        #expect(try await fetcher.fetch(FetchRequest(url: server.url("/b"))).notModified)
        // A non-conditional request ignores remembered validators.
        #expect(try await fetcher.fetch(FetchRequest(url: server.url("/b"), conditional: false)).status == 200)
    }

    @Test func gzipBodyIsDecoded() async throws {
        let compressed = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("page.html.gz")))
        let plain = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("page.html")))
        let server = try LoopbackHTTPServer { request in
            (request.headers["accept-encoding"] ?? "").contains("gzip")
                ? .respond(status: 200, headers: [("Content-Encoding", "gzip")], body: compressed)
                : .respond(status: 406)
        }
        let response = try await Fetcher(configuration: configuration()).fetch(FetchRequest(url: server.url("/z")))
        #expect(response.body == plain)
    }

    @Test func redirectChainIsFollowed() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/r1": .respond(status: 301, headers: [("Location", "/r2")])
            case "/r2": .respond(status: 302, headers: [("Location", "/final")])
            default: .text("done")
            }
        }
        let response = try await Fetcher(configuration: configuration()).fetch(FetchRequest(url: server.url("/r1")))
        #expect(response.effectiveURL == server.url("/final"))
        #expect(response.redirectCount == 2)
    }

    @Test func redirectLoopIsStopped() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 302, headers: [("Location", "/loop")]) }
        await expectFetchError(.tooManyRedirects, server.url("/loop"))
        #expect(server.requests.count == FetchConfiguration().maxRedirects + 1)
    }

    @Test func redirectToFileSchemeIsRefused() async throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 302, headers: [("Location", "file:///etc/passwd")])
        }
        await expectFetchError(.badRedirect, server.url("/evil"))
    }

    @Test func sizeCapAbortsLargeBodies() async throws {
        let big = [UInt8](repeating: 0x41, count: 3 * 1024 * 1024)
        let server = try LoopbackHTTPServer { request in
            request.path == "/declared"
                ? .respond(status: 200, body: big)
                // no usable length: cut while reading
                : .respond(status: 200, headers: [("Content-Length", "")], body: big)
        }
        let small = configuration { $0.maxBodyBytes = 1024 * 1024 }
        for path in ["/declared", "/undeclared"] {
            let error = await expectFetchError(.tooLarge, server.url(path), configuration: small)
            // The limit as the configuration would write it, not in bytes.
            #expect(
                error?.description
                    == "body too large fetching \(server.url(path)): larger than max_body (1 MiB); transfer aborted")
        }
    }

    /// Operators read these in logs and `once` output: words, not code names.
    @Test func errorDescriptionsAreWords() {
        let url = "https://xxgk.example.test/art/1.html"
        #expect(FetchError(.http, url: url, status: 500, message: "").description == "HTTP 500 fetching \(url)")
        #expect(
            FetchError(.http, url: url, status: 429, retryAfter: 30, message: "the server asks to retry after 30 s")
                .description == "HTTP 429 fetching \(url): the server asks to retry after 30 s")
        #expect(
            FetchError(.badRedirect, url: url, message: "Protocol \"file\" not supported").description
                == "redirected to a scheme other than http(s) fetching \(url): Protocol \"file\" not supported")
        #expect(
            FetchError(.blocked, url: url, status: 412, message: "").description
                == "blocked by an anti-bot page (HTTP 412) fetching \(url)")
    }

    @Test func tricklingServerHitsLowSpeedTimeout() async throws {
        let server = try LoopbackHTTPServer { _ in
            .trickle(
                status: 200, body: [UInt8](repeating: 0x42, count: 100), chunkSize: 1, interval: .milliseconds(400))
        }
        let slow = configuration {
            $0.lowSpeedLimit = 100
            $0.lowSpeedTime = .seconds(1)
        }
        await expectFetchError(.timeout, server.url("/slow"), configuration: slow)
    }

    @Test func retryAfterDefersTheHost() async throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/busy" ? .respond(status: 429, headers: [("Retry-After", "1")]) : .text("ok")
        }
        let fetcher = Fetcher(configuration: configuration())
        let error = await expectFetchError(.http, server.url("/busy"), fetcher: fetcher)
        #expect(error?.status == 429 && error?.retryAfter == 1)
        _ = try await fetcher.fetch(FetchRequest(url: server.url("/next")))
        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(950))
    }

    @Test func retryAfterAsHTTPDate() {
        let now = HTTPDate.epochSeconds("Sun, 06 Nov 1994 08:49:37 GMT")!
        #expect(now == 784_111_777)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:50:07 GMT", now: now) == 30)
        #expect(RetryAfter.seconds("120") == 120)
        #expect(RetryAfter.seconds("soon") == nil)
    }

    @Test func serverErrorsBackOff() async throws {
        let server = try LoopbackHTTPServer { request in request.path == "/fail" ? .respond(status: 500) : .text("ok") }
        let fetcher = Fetcher(configuration: configuration())
        await expectFetchError(.http, server.url("/fail"), fetcher: fetcher)
        await expectFetchError(.http, server.url("/fail"), fetcher: fetcher)
        _ = try await fetcher.fetch(FetchRequest(url: server.url("/ok")))
        let times = server.requests.map(\.receivedAt)
        #expect(times[1] - times[0] >= .milliseconds(280))  // base backoff
        #expect(times[2] - times[1] >= .milliseconds(580))  // doubled
    }

    @Test func connectionResetIsTyped() async throws {
        let server = try LoopbackHTTPServer { _ in .reset }
        await expectFetchError(.reset, server.url("/reset"))
    }

    /// A body shorter than its Content-Length and headers past libcurl's
    /// limit are said as what they are, not as a reset or "out of memory".
    @Test func aShortBodyAndOversizedHeadersAreNamed() async throws {
        let short = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: [("Content-Length", "100000")], body: Array("短".utf8))
        }
        let cut = await expectFetchError(.cutShort, short.url("/short"))
        #expect(cut?.description.hasPrefix("body cut short fetching http://") ?? false, "\(String(describing: cut))")
        let big = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: [("X-Big", String(repeating: "a", count: 300_000))], body: [])
        }
        let headers = await expectFetchError(.headersTooLarge, big.url("/big"))
        #expect(headers?.description.hasPrefix("response headers too large fetching") ?? false)
    }

    @Test func refusedConnectionIsTyped() async throws {
        let server = try LoopbackHTTPServer { _ in .text("") }
        let url = server.url("/gone")
        server.stop()
        await expectFetchError(.connect, url)
    }

    @Test func antiBotChallengeIsBlocked() async throws {
        let challenge =
            "<html><head><script>var _0x1=['cookie'];document.cookie='acw_sc__v2=1';location.reload();</script></head><body></body></html>"
        let server = try LoopbackHTTPServer { _ in .text(challenge, status: 412) }
        let error = await expectFetchError(.blocked, server.url("/art/2022/1/6/art_1.html"))
        #expect(error?.status == 412)
        let plain = try LoopbackHTTPServer { _ in
            .text("<html><body><table><tr><td>无权限</td></tr></table></body></html>", status: 403)
        }
        await expectFetchError(.http, plain.url("/x"))
    }

    @Test func dataproxyFormPost() async throws {
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: [("Content-Type", "text/xml")], body: Array("<datastore/>".utf8))
        }
        let fields = [
            ("col", "1"), ("appid", "1"), ("webid", "1"), ("path", "/"), ("columnid", "1229429114"),
            ("sourceContentType", "1"), ("unitid", "4000000"), ("webname", "舟山市人民政府"), ("permissiontype", "0"),
        ]
        let url = server.url("/module/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15")
        _ = try await Fetcher(configuration: configuration()).fetch(
            FetchRequest(url: url, method: .postForm(fields), referer: server.url("/col/col1229429114/index.html")))
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/module/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15")
        #expect(request.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(request.headers["referer"] == server.url("/col/col1229429114/index.html"))
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(
            body.hasPrefix(
                "col=1&appid=1&webid=1&path=/&columnid=1229429114&sourceContentType=1&unitid=4000000&webname=%E8%88%9F")
        )
        #expect(body.hasSuffix("&permissiontype=0"))
    }

    @Test func oneTransferPerHostWithDelay() async throws {
        let server = try LoopbackHTTPServer { _ in .delayed(.milliseconds(50), .text("ok")) }
        let fetcher = Fetcher(
            configuration: configuration {
                $0.perHostDelay = .milliseconds(200)
                $0.concurrency = 8
            })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<5 {
                group.addTask { _ = try await fetcher.fetch(FetchRequest(url: server.url("/p\(index)"))) }
            }
            try await group.waitForAll()
        }
        #expect(server.maxConcurrent == 1)
        let starts = server.requests.map(\.receivedAt).sorted()
        #expect(starts.count == 5)
        // The gate spaces the starts of transfers; the server sees them
        // later by each one's own setup, which on a loaded machine varies by
        // more than 10 ms (a gap of 189.7 ms beside the rest of the suite).
        // Without the delay, the gaps would be the 50 ms each answer takes.
        for (earlier, later) in zip(starts, starts.dropFirst()) {
            #expect(later - earlier >= .milliseconds(150))
        }
        // Over all five, the skew counts once.
        #expect(starts.last! - starts.first! >= .milliseconds(780))
    }

    @Test func differentHostsRunConcurrentlyWithinTheGlobalLimit() async throws {
        // 127.0.0.1 and 127.0.0.2 are distinct hosts on loopback.
        let first = try LoopbackHTTPServer(address: "127.0.0.1") { _ in .delayed(.milliseconds(300), .text("a")) }
        let second = try LoopbackHTTPServer(address: "127.0.0.2") { _ in .delayed(.milliseconds(300), .text("b")) }
        let fetcher = Fetcher(configuration: configuration { $0.concurrency = 1 })
        async let a = fetcher.fetch(FetchRequest(url: first.url("/", host: "127.0.0.1")))
        async let b = fetcher.fetch(FetchRequest(url: second.url("/", host: "127.0.0.2")))
        _ = try await (a, b)
        // With a global limit of one, the second host starts only after the first finished.
        let one = try #require(first.requests.first)
        let two = try #require(second.requests.first)
        let (early, late) = one.receivedAt < two.receivedAt ? (one, two) : (two, one)
        #expect(late.receivedAt >= early.finishedAt!)
    }

    @Test func cancellationStopsAWaitingFetch() async throws {
        // The answer would take two minutes: only a working cancellation ends
        // the fetch sooner. The bound is loose on purpose: with both cores
        // busy, the test's own wake-up can wait behind other suites' work.
        let server = try LoopbackHTTPServer { _ in .delayed(.seconds(120), .text("late")) }
        // No other limit may end it first: under a full parallel run the
        // test's wake-up to cancel was once late past the 20 s low-speed limit.
        let fetcher = Fetcher(
            configuration: configuration {
                $0.totalTimeout = .seconds(180)
                $0.lowSpeedTime = .seconds(170)
                $0.connectTimeout = .seconds(170)
            })
        let task = Task { try await fetcher.fetch(FetchRequest(url: server.url("/slow"))) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let started = ContinuousClock.now
        do {
            _ = try await task.value
            Issue.record("expected cancellation")
        } catch let error as FetchError {
            #expect(error.code == .cancelled, "\(error.message) after \(ContinuousClock.now - started)")
        }
        #expect(ContinuousClock.now - started < .seconds(100))
    }

    /// Host keys are kept per authority: every URL still gets the key (or
    /// the nil) libcurl's parser gives it, a bad one after a good one of
    /// the same host too.
    @Test func hostKeysAreLibcurlsForEachURL() {
        let fetcher = Fetcher(configuration: configuration())
        let urls = [
            "http://A.test:8080/x", "http://A.test:8080/y z", "http://A.test:8080/\u{7F}", "http://A.test:8080?q#f",
            "http://A.test:8080", "http://user:pw@A.test:8080/x", "HTTP://[::1]:9/a", "http://[::1]:9/a b",
            "http://a.test:99999/", "http://a.test:99999/x", "http://a b.test/", "mailto:a@b.test", "://x/",
            "http://a.test\tx/", "http://a.test/\u{4E2D}\u{6587}",
            // libcurl skips up to three slashes after the scheme: the host follows them.
            "http:///a.test/x", "http:///b.test/y", "http://?q", "http:////b.test/", "http://#f",
        ]
        for url in urls + urls.reversed() {
            #expect(fetcher.hostKey(of: url) == CurlURL.hostKey(of: url), "\(url)")
        }
        #expect(fetcher.hostKey(of: "http://A.test:8080/x") == "a.test:8080")
        #expect(fetcher.hostKey(of: "http://A.test:8080/y z") == nil)
        #expect(fetcher.hostKey(of: "http://a.test:99999/x") == nil)
    }

    @Test func malformedURLIsTyped() async {
        await expectFetchError(.unsupportedURL, "ftp://127.0.0.1/x")
        await expectFetchError(.unsupportedURL, "not a url")
    }

    @discardableResult
    func expectFetchError(
        _ code: FetchError.Code, _ url: String, configuration: FetchConfiguration? = nil, fetcher: Fetcher? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> FetchError? {
        let fetcher = fetcher ?? Fetcher(configuration: configuration ?? self.configuration())
        do {
            let response = try await fetcher.fetch(FetchRequest(url: url))
            Issue.record("expected \(code), got HTTP \(response.status)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.url == url, sourceLocation: sourceLocation)
            return error
        }
    }
}

@Suite("Politeness that outlives the process")
struct HostDeferralTests {
    @Test func deferralsRoundTripThroughWallClockTime() {
        var configuration = FetchConfiguration()
        configuration.perHostDelay = .zero
        let gate = PolitenessGate(configuration: configuration)
        let wallNow = Timestamp(epochSeconds: 1_800_000_000)
        gate.restore(
            [HostDeferral(host: "a.test", notBefore: wallNow + .seconds(30), failures: 1, retryAfter: true)],
            wallNow: wallNow)
        let saved = gate.deferrals(wallNow: wallNow)
        #expect(saved.count == 1)
        #expect(saved.first?.retryAfter == true && saved.first?.failures == 1)
        let wait = (saved.first?.notBefore ?? wallNow) - wallNow
        #expect(wait > .seconds(29) && wait <= .seconds(30))
        #expect(
            saved.first?.description
                == "host a.test asked us to wait until \(saved.first!.notBefore.rfc3339) (Retry-After)")
        // Past deferrals restore as nothing to wait for.
        let other = PolitenessGate(configuration: configuration)
        other.restore(
            [HostDeferral(host: "b.test", notBefore: wallNow + .seconds(-5), failures: 0, retryAfter: false)],
            wallNow: wallNow)
        #expect(other.deferrals(wallNow: wallNow).isEmpty)
    }
}
