import Foundation
import Synchronization

/// A JCMS disclosure site on loopback for end-to-end tests: a column page
/// with its datastore records, a dataproxy for deeper pages, and article
/// pages that a test edits between cycles.
public final class SimulatedSite: Sendable {
    public struct Article: Sendable {
        public var path: String
        public var title: String
        public var date: String
        public var html: String
        /// Listed on the column page.
        public var listed = true
        /// Answer this status instead of the page (404, 410, 500 …).
        public var status: Int?

        public init(path: String, title: String, date: String, html: String, listed: Bool = true, status: Int? = nil) {
            self.path = path
            self.title = title
            self.date = date
            self.html = html
            self.listed = listed
            self.status = status
        }
    }

    struct State {
        var articles: [Article] = []
        /// When set, every request gets this status (the site is down).
        var down: Int?
        var requests = 0
    }

    final class Shared: Sendable {
        let state = Mutex(State())
    }

    public let columnPath = "/col/col1229429114/index.html"
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
            if let down = snapshot.down { return .text("<html><body>维护中</body></html>", status: down) }
            let path = request.path.split(separator: "?").first.map(String.init) ?? request.path
            if path == columnPath { return .text(Self.columnPage(snapshot.articles.filter(\.listed))) }
            if path.hasSuffix("dataproxy.jsp") {
                return .respond(status: 200, headers: [("Content-Type", "text/xml; charset=utf-8")],
                                body: Array(Self.dataproxy(snapshot.articles.filter(\.listed)).utf8))
            }
            guard let article = snapshot.articles.first(where: { $0.path == path }) else {
                return .text("<html><body>404</body></html>", status: 404)
            }
            if let status = article.status { return .text("<html><body>\(status)</body></html>", status: status) }
            return .text(article.html)
        }
    }

    public var columnURL: String { server.url(columnPath) }
    public func url(_ path: String) -> String { server.url(path) }
    public var requestCount: Int { shared.state.withLock { $0.requests } }

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

    public func setDown(_ status: Int?) { shared.state.withLock { $0.down = status } }

    public func article(_ path: String) -> Article? { shared.state.withLock { $0.articles.first { $0.path == path } } }

    static func record(_ article: Article) -> String {
        "<record><![CDATA[\n<li><a href=\"\(article.path)\" title=\"\(article.title)\" target=\"_blank\">\(article.title)</a><span class=\"bt_time\">\(article.date)</span></li>\n]]></record>"
    }

    static func columnPage(_ articles: [Article]) -> String {
        let firstPage = articles.prefix(15).map(record).joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>市政府工作报告执行</title></head>
            <body><div class="list"><div id="4000000">
            <script type="text/xml"><datastore>
            <nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1229429114&unitid=4000000&webname=舟山市人民政府&permissiontype=0"></a>]]></nextgroup>
            <recordset>
            \(firstPage)
            </recordset></datastore></script>
            <script>jpage({totalRecord:\(articles.count),perPage:15,unitid:'4000000'});</script>
            </div></div></body></html>
            """
    }

    static func dataproxy(_ articles: [Article]) -> String {
        let rest = articles.dropFirst(15).map(record).joined(separator: "\n")
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><datastore><totalrecord>\(articles.count)</totalrecord>"
            + "<totalpage>\((articles.count + 14) / 15)</totalpage><recordset>\(rest)</recordset></datastore>"
    }
}

/// Edits of the real report page (the clean JCMS fixture) for tests.
public enum ReportPage {
    /// The row `<tr>` of 序号 `number`, as a range in `html`.
    static func rowRange(_ number: Int, in html: String) -> Range<String.Index>? {
        guard let start = html.range(of: "<tr><td><p>\(number)</p></td>") else { return nil }
        guard let end = html.range(of: "</tr>", range: start.upperBound..<html.endIndex) else { return nil }
        return start.lowerBound..<end.upperBound
    }

    /// Puts a new progress paragraph first in row `number`'s progress cell:
    /// an unmarked lead paragraph, so it is an item of its own.
    public static func addProgress(_ text: String, toRow number: Int, in html: String) -> String {
        guard let range = rowRange(number, in: html) else { return html }
        var row = String(html[range])
        guard let progressCell = row.range(of: "<td>", options: .backwards) else { return html }
        row.replaceSubrange(progressCell, with: "<td><p>\(text)</p>")
        return html.replacingCharacters(in: range, with: row)
    }

    public static func removeRow(_ number: Int, in html: String) -> String {
        guard let range = rowRange(number, in: html) else { return html }
        return html.replacingCharacters(in: range, with: "")
    }

    /// Noise only: full-width commas and colons, NBSP and span wrappers in row `number`.
    public static func addNoise(toRow number: Int, in html: String) -> String {
        guard let range = rowRange(number, in: html) else { return html }
        var row = String(html[range])
        row = row.replacingOccurrences(of: ",", with: "，").replacingOccurrences(of: ":", with: "：")
        row = row.replacingOccurrences(of: "<p>", with: "<p class=\"MsoNormal\"><span style=\"font-family:仿宋\">&nbsp;")
            .replacingOccurrences(of: "</p>", with: "</span><o:p></o:p></p>")
        return html.replacingCharacters(in: range, with: row)
    }

    /// The report table replaced by a notice: the page no longer parses.
    public static func removeTable(in html: String) -> String {
        guard let start = html.range(of: "<table border=\"1\">"), let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex) else {
            return html
        }
        return html.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "<p>表格维护中，请稍后查看。</p>")
    }

    /// A later report of the same series: new title and metadata, progress added to `rows`.
    public static func laterReport(from html: String, title: String, indexNumber: String, advancing rows: [Int]) -> String {
        var page = html.replacingOccurrences(of: "2021年度市政府工作报告重点工作任务半年度完成情况", with: title)
            .replacingOccurrences(of: "001008009005001/2021-187464", with: indexNumber)
            .replacingOccurrences(of: "半年度完成情况", with: "1-11月完成情况")
        for row in rows { page = addProgress("新进展：第\(row)项已于11月完成。", toRow: row, in: page) }
        return page
    }
}
