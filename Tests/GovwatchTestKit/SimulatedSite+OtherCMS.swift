import GovwatchDemo

/// The site's pages in other CMSs' forms, for `links` and `feed` sources:
/// a TRS WCM list of the listed articles under `/trs/` (paged by its
/// `createPageHTML` script), and the same articles as RSS 2.0 and Atom 1.0.
extension SimulatedSite {
    /// The TRS list's first page; later pages are `index_1.html`, `index_2.html` ….
    public static let linksPath = "/trs/index.html"
    public var linksURL: String { url(Self.linksPath) }
    public static let rssPath = "/trs/rss.xml"
    public static let atomPath = "/trs/atom.xml"

    /// Every page answers conditional requests (an ETag), as static
    /// pages behind nginx do.
    static func otherCMSPage(_ path: String, _ state: State, _ request: LoopbackHTTPServer.Request)
        -> LoopbackHTTPServer.Reply?
    {
        let articles = state.articles.filter { $0.listed && $0.path.hasPrefix("/trs/") }
        switch path {
        case rssPath:
            return conditional(
                rss(articles), request, headers: [("Content-Type", "application/rss+xml; charset=utf-8")])
        case atomPath: return conditional(atom(articles), request, headers: [("Content-Type", "application/atom+xml")])
        default: break
        }
        guard let page = trsPageNumber(path) else { return nil }
        guard let perPage = state.linksPerPage else {
            return page == 0
                ? conditional(linksPage(articles, pager: "<a href=\"./index_1.html\">下一页</a>"), request) : nil
        }
        let total = max((articles.count + perPage - 1) / perPage, 1)
        guard page < total else { return nil }
        let shown = Array(articles.dropFirst(page * perPage).prefix(perPage))
        // A looping pager: the last page claims there is one more, the first.
        let pager =
            state.pagerLoops && page == total - 1
            ? "<a href=\"./index.html\">下一页</a>"
            : "<script>createPageHTML(\(total), \(page), \"index\", \"html\");</script>"
        return conditional(linksPage(shown, pager: pager), request)
    }

    /// 0 for `index.html`, n for `index_n.html`, nil for any other path.
    static func trsPageNumber(_ path: String) -> Int? {
        if path == linksPath { return 0 }
        guard path.hasPrefix("/trs/index_"), path.hasSuffix(".html") else { return nil }
        return Int(path.dropFirst("/trs/index_".count).dropLast(".html".count))
    }

    /// A list page as TRS WCM builds one (`<li><a href="./202301/t20230115_1.html">…</a><span>date`),
    /// among navigation, footer and off-site links.
    static func linksPage(_ articles: [Article], pager: String) -> String {
        let items = articles.map { article in
            "<li><a href=\".\(article.path.dropFirst("/trs".count))\" target=\"_blank\">\(article.title)</a>"
                + "<span>\(article.date)</span></li>"
        }
        return """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>政府工作报告执行</title></head><body>
            <div class="nav"><a href="/">首页</a><a href="/trs/zwgk.html">政务公开</a><a href="http://www.gov.cn/">中国政府网</a></div>
            <ul class="list">\(items.joined(separator: "\n"))</ul>
            <div class="page">\(pager)</div>
            <div class="footer"><a href="/trs/about.html">关于我们</a> 2023-01-01</div></body></html>
            """
    }

    static func rss(_ articles: [Article]) -> String {
        let items = articles.map { article in
            "<item><title>\(article.title)</title><link>\(article.path)</link>"
                + "<pubDate>\(rfc822(article.date))</pubDate><guid isPermaLink=\"false\">\(article.path)</guid></item>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>政府信息公开</title><link>/trs/index.html</link>
            <description>最新公开</description>
            \(items.joined(separator: "\n"))
            </channel></rss>
            """
    }

    static func atom(_ articles: [Article]) -> String {
        let entries = articles.map { article in
            "<entry><title>\(article.title)</title><link rel=\"alternate\" href=\"\(article.path)\"/>"
                + "<link rel=\"enclosure\" href=\"/files/\(article.date).pdf\"/>"
                + "<id>tag:example,2023:\(article.path)</id><updated>\(article.date)T09:30:00+08:00</updated></entry>"
        }
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>政府信息公开</title><id>tag:example,2023:feed</id>
            <updated>2023-01-01T00:00:00+08:00</updated>
            \(entries.joined(separator: "\n"))
            </feed>
            """
    }

    /// `2023-01-15` → `Sun, 15 Jan 2023 09:30:00 +0800` (the weekday is not read).
    static func rfc822(_ date: String) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 3, (1...12).contains(parts[1]) else { return date }
        return "Sun, \(parts[2]) \(months[parts[1] - 1]) \(parts[0]) 09:30:00 +0800"
    }
}
