import GovwatchCore
import Testing

@testable import GovwatchExtract

/// The next page a list page names: TRS WCM's pager script, a rel=next
/// link, a 下一页 link; none on the last page, none on another host.
@Suite("The next page of a list")
struct ListingPagingTests {
    let base = "http://www.example.gov.cn/zwgk/zfgzbg/index.html"
    let rule = LinkRule(url: #"/t\d{8}_\d+\.html$"#)

    func next(_ pager: String, url: String? = nil) throws -> String? {
        let page = """
            <html><body><ul><li><a href="./202301/t20230115_1.html">报告</a><span>2023-01-15</span></li></ul>
            <div class="page">\(pager)</div></body></html>
            """
        return try ListingExtractor(links: rule).extract(Array(page.utf8), url: url ?? base).next
    }

    @Test func theTRSPagerNamesThePageAfterThisOne() throws {
        // Page 0 of 3 is index.html; its next is index_1.html.
        #expect(
            try next(#"<script>createPageHTML(3, 0, "index", "html");</script>"#)
                == "http://www.example.gov.cn/zwgk/zfgzbg/index_1.html")
        #expect(
            try next(#"<script>createPageHTML(3, 1, "index", "html");</script>"#, url: base + "_1")
                == "http://www.example.gov.cn/zwgk/zfgzbg/index_2.html")
        // Another template: a container id first, a record count last.
        #expect(
            try next("<script>createPageHTML('page_div',5,1,'list','shtml',68);</script>")
                == "http://www.example.gov.cn/zwgk/zfgzbg/list_2.shtml")
    }

    /// TRS templates that define the pager inline, or call it with variables.
    @Test func pagerDefinitionsAndVariablesAreRead() throws {
        let defined = """
            <script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt) { }</script>
            <script>createPageHTML(4, 2, "index", "shtml");</script>
            """
        #expect(try next(defined) == "http://www.example.gov.cn/zwgk/zfgzbg/index_3.shtml")
        let variables = """
            <script>var countPage = 6; var currentPage = 0;
            createPageHTML(countPage, currentPage, "index", "html");</script>
            """
        #expect(try next(variables) == "http://www.example.gov.cn/zwgk/zfgzbg/index_1.html")
        // A call that cannot be read falls back to the page's 下一页 link.
        #expect(
            try next(#"<script>createPageHTML(pages(), 0);</script><a href="index_1.html">下一页</a>"#)
                == "http://www.example.gov.cn/zwgk/zfgzbg/index_1.html")
    }

    @Test func theLastPageNamesNone() throws {
        // On the pager's last page, a 下一页 link elsewhere is not followed either.
        #expect(
            try next(#"<script>createPageHTML(3, 2, "index", "html");</script><a href="index_1.html">下一页</a>"#) == nil)
        #expect(try next(#"<script>createPageHTML(1, 0, "index", "html");</script>"#) == nil)
        #expect(try next("<span>共1页</span>") == nil)
    }

    @Test func aNextLinkIsFollowedOnThisHostOnly() throws {
        #expect(try next(#"<a href="list_2.htm">下一页</a>"#) == "http://www.example.gov.cn/zwgk/zfgzbg/list_2.htm")
        #expect(try next(#"<a rel="next" href="?page=2">&gt;</a>"#) == base + "?page=2")
        #expect(try next(#"<a href="javascript:void(0)">下一页</a>"#) == nil)
        #expect(try next(#"<a href="http://other.example.org/list_2.htm">下一页</a>"#) == nil)
        // A link to the page itself (a disabled 下一页 on the last page) is no next page.
        #expect(try next(#"<a href="index.html">下一页</a>"#) == nil)
    }
}
