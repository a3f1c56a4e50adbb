/// An article of a simulated JCMS site.
public struct SiteArticle: Sendable {
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

/// Pages of a JCMS column as the real site builds them: the first fifteen
/// records in the column page's datastore, the rest from dataproxy.jsp.
public enum JCMSPages {
    public static let columnPath = "/col/col1229429114/index.html"

    static func record(_ article: SiteArticle) -> String {
        "<record><![CDATA[\n<li><a href=\"\(article.path)\" title=\"\(article.title)\" target=\"_blank\">"
            + "\(article.title)</a><span class=\"bt_time\">\(article.date)</span></li>\n]]></record>"
    }

    public static func columnPage(_ articles: [SiteArticle]) -> String {
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

    public static func dataproxy(_ articles: [SiteArticle]) -> String {
        let rest = articles.dropFirst(15).map(record).joined(separator: "\n")
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><datastore><totalrecord>\(articles.count)</totalrecord>"
            + "<totalpage>\((articles.count + 14) / 15)</totalpage><recordset>\(rest)</recordset></datastore>"
    }
}
