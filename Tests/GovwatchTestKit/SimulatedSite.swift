import Foundation
public import GovwatchDemo
import Synchronization

/// A JCMS disclosure site on loopback for end-to-end tests: a column page
/// with its datastore records, a dataproxy for deeper pages, and article
/// pages that a test edits between cycles.
public final class SimulatedSite: Sendable {
    public typealias Article = SiteArticle

    struct State {
        var articles: [Article] = []
        /// When set, every request gets this status (the site is down).
        var down: Int?
        /// Seconds sent as `Retry-After` with `down`.
        var retryAfter: Int?
        /// When set, every answer waits this long (a slow site).
        var delay: Duration?
        var requests = 0
        /// Articles per page of the TRS list (nil: one page, with a
        /// dangling 下一页 link); with `pagerLoops`, its last page names
        /// the first as its next.
        var linksPerPage: Int?
        var pagerLoops = false
        /// Files the articles link (附件), by path.
        var files: [String: [UInt8]] = [:]
    }

    final class Shared: Sendable {
        let state = Mutex(State())
    }

    public let columnPath = JCMSPages.columnPath
    private let shared = Shared()
    private let server: LoopbackHTTPServer

    public init() throws {
        let shared = self.shared
        let columnPath = self.columnPath
        server = try LoopbackHTTPServer { request in
            let snapshot = shared.state.withLock { state -> State in
                state.requests += 1
                return state
            }
            if let down = snapshot.down {
                let headers = snapshot.retryAfter.map { [("Retry-After", "\($0)")] } ?? []
                return .text("<html><body>维护中</body></html>", status: down, headers: headers)
            }
            if let delay = snapshot.delay { return .delayed(delay, Self.answer(request, snapshot, columnPath)) }
            return Self.answer(request, snapshot, columnPath)
        }
    }

    static func answer(_ request: LoopbackHTTPServer.Request, _ snapshot: State, _ columnPath: String)
        -> LoopbackHTTPServer.Reply
    {
        let path = request.path.split(separator: "?").first.map(String.init) ?? request.path
        if path == columnPath {
            // The column page answers conditional requests, as JCMS behind nginx does.
            return conditional(JCMSPages.columnPage(snapshot.articles.filter(\.listed)), request)
        }
        if let page = otherCMSPage(path, snapshot, request) { return page }
        if let file = snapshot.files[path] {
            return .respond(status: 200, headers: [("Content-Type", "application/octet-stream")], body: file)
        }
        if path.hasSuffix("dataproxy.jsp") {
            return .respond(
                status: 200, headers: [("Content-Type", "text/xml; charset=utf-8")],
                body: Array(JCMSPages.dataproxy(snapshot.articles.filter(\.listed)).utf8))
        }
        guard let article = snapshot.articles.first(where: { $0.path == path }) else {
            return .text("<html><body>404</body></html>", status: 404)
        }
        if let status = article.status { return .text("<html><body>\(status)</body></html>", status: status) }
        return .text(article.html)
    }

    public func setDelay(_ delay: Duration?) { shared.state.withLock { $0.delay = delay } }

    public var columnURL: String { server.url(columnPath) }
    public func url(_ path: String) -> String { server.url(path) }
    public var requestCount: Int { shared.state.withLock { $0.requests } }
    /// A page with its ETag, or 304 when the request names it, as a
    /// server behind nginx answers.
    static func conditional(
        _ page: String, _ request: LoopbackHTTPServer.Request, headers: [(String, String)] = []
    ) -> LoopbackHTTPServer.Reply {
        let fnv = page.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        let etag = "\"\(String(fnv, radix: 16))\""
        if request.headers["if-none-match"] == etag { return .respond(status: 304, headers: [("ETag", etag)]) }
        return .text(page, headers: [("ETag", etag)] + headers)
    }

    /// The path of every request so far, in order.
    public var requestedPaths: [String] { server.requests.map(\.path) }

    /// Pages the TRS list of `/trs/` articles (``linksPath``) in pages of
    /// `perPage` (nil: one page); `loops`: its last page names the first.
    public func setLinksPaging(perPage: Int?, loops: Bool = false) {
        shared.state.withLock { state in
            state.linksPerPage = perPage
            state.pagerLoops = loops
        }
    }

    /// Adds an article at the top of the listing (newest first).
    public func publish(_ article: Article) {
        shared.state.withLock { $0.articles.insert(article, at: 0) }
    }

    public func edit(_ path: String, _ change: (inout Article) -> Void) {
        shared.state.withLock { state in
            guard let index = state.articles.firstIndex(where: { $0.path == path }) else { return }
            change(&state.articles[index])
        }
    }

    public func setDown(_ status: Int?, retryAfter: Int? = nil) {
        shared.state.withLock { state in
            state.down = status
            state.retryAfter = retryAfter
        }
    }

    /// Serves `bytes` at `path` (nil: a 404 from now on), as a CMS serves
    /// an article's attached file.
    public func attach(_ path: String, _ bytes: [UInt8]?) { shared.state.withLock { $0.files[path] = bytes } }

    public func article(_ path: String) -> Article? { shared.state.withLock { $0.articles.first { $0.path == path } } }

}
