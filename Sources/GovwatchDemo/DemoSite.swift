import FlyingFox
import FlyingSocks
import Foundation
import Synchronization

/// The demo's simulated disclosure site: a JCMS column and its articles,
/// served on 127.0.0.1 by FlyingFox, changed by the demo script over time.
public final class DemoSite: Sendable {
    /// A reference to the article list, so route closures can share it.
    final class Articles: Sendable {
        let list = Mutex<[SiteArticle]>([])
    }

    private let articles = Articles()
    private let server: HTTPServer
    private let task = Mutex<Task<Void, any Error>?>(nil)

    public init() throws {
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
    }

    /// The real 2021 half-year report (157 tasks).
    public static let halfYearReport = SiteArticle(
        path: "/art/2022/1/6/art_1229429114_3680018.html",
        title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: SeedPage.html
    )

    /// A later report of the same series, with progress on its first tasks.
    public static let novemberReport = SiteArticle(
        path: "/art/2022/1/6/art_1229429114_3680044.html",
        title: "2021年度市政府工作报告重点工作任务1-11月完成情况", date: "2022-01-06",
        html: ReportPage.laterReport(
            from: SeedPage.html, title: "2021年度市政府工作报告重点工作任务1-11月完成情况",
            indexNumber: "001008009005001/2022-000001", advancing: [1, 2, 3, 4, 5])
    )

    public func start() async throws {
        let articles = self.articles
        await server.appendRoute("GET *") { request in
            let list = articles.list.withLock { $0 }
            let html: String
            var status = HTTPStatusCode.ok
            var contentType = "text/html; charset=utf-8"
            if request.path == JCMSPages.columnPath {
                html = JCMSPages.columnPage(list.filter(\.listed))
            } else if request.path.hasSuffix("dataproxy.jsp") {
                html = JCMSPages.dataproxy(list.filter(\.listed))
                contentType = "text/xml; charset=utf-8"
            } else if let article = list.first(where: { $0.path == request.path }) {
                html = article.html
            } else {
                html = "<html><body>404</body></html>"
                status = .notFound
            }
            return HTTPResponse(statusCode: status, headers: [.contentType: contentType], body: Data(html.utf8))
        }
        await server.appendRoute("POST *") { request in
            let list = articles.list.withLock { $0 }
            return HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
                body: Data(JCMSPages.dataproxy(list.filter(\.listed)).utf8))
        }
        let server = self.server
        task.withLock { $0 = Task { try await server.run() } }
        try await server.waitUntilListening()
    }

    public func stop() async {
        await server.stop(timeout: 1)
        task.withLock { $0?.cancel() }
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String {
        get async {
            if case let .ip4(host, port) = await server.listeningAddress { return "http://\(host):\(port)" }
            return "http://127.0.0.1"
        }
    }

    public func publish(_ article: SiteArticle) { articles.list.withLock { $0.insert(article, at: 0) } }

    public func edit(_ path: String, _ change: (inout SiteArticle) -> Void) {
        articles.list.withLock { list in
            if let index = list.firstIndex(where: { $0.path == path }) { change(&list[index]) }
        }
    }
}
