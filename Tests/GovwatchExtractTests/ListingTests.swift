import GovwatchCore
import Testing

@testable import GovwatchExtract

@Suite("Column listings and dataproxy answers")
struct ListingTests {
    let columnURL = "http://xxgk.zhoushan.gov.cn/col/col1229429114/index.html"

    @Test func columnPageDatastore() throws {
        let listing = try ListingExtractor().extract(
            try Fixtures.bytes("listing/column-1229429114.html"), url: columnURL)
        #expect(listing.items.count == 15)
        #expect(listing.totalRecords == 24)
        let first = try #require(listing.items.first)
        #expect(first.url == "http://xxgk.zhoushan.gov.cn/art/2022/1/6/art_1229429114_3680044.html")
        #expect(first.title == "2021年度市政府工作报告重点工作任务1-11月完成情况")
        #expect(first.date == "2022-01-06")
        #expect(
            listing.items.allSatisfy {
                $0.url.hasPrefix("http://xxgk.zhoushan.gov.cn/art/") && $0.date != nil && $0.title != nil
            })
        let proxy = try #require(listing.proxy)
        #expect(proxy.url == "http://xxgk.zhoushan.gov.cn/module/jpage/dataproxy.jsp")
        #expect(proxy.parameters["columnid"] == "1229429114")
        #expect(proxy.parameters["unitid"] == "4000000")
        #expect(proxy.parameters["webname"] == "舟山市人民政府")
        #expect(proxy.perPage == 15)
    }

    @Test func dataproxyAnswer() throws {
        let listing = try ListingExtractor().extract(
            try Fixtures.bytes("listing/dataproxy-1229429114-p2.xml"),
            url: "http://xxgk.zhoushan.gov.cn/module/jpage/dataproxy.jsp?startrecord=16&endrecord=30&perpage=15"
        )
        #expect(listing.totalRecords == 24)
        #expect(listing.items.count == 9)
        #expect(listing.items.first?.url == "http://xxgk.zhoushan.gov.cn/art/2020/12/1/art_1229429114_3600011.html")
        #expect(listing.items.first?.title == "示例文章11")
        #expect(listing.items.first?.date == "2020-12-01")
    }

    @Test func recordVariantsRelativeLinksAndDuplicates() throws {
        let page = """
            <html><head><meta charset="utf-8"></head><body>
            <script type="text/xml"><datastore><recordset>
            <record><![CDATA[<li><a href="//xxgk.zhoushan.gov.cn/art/2023/3/1/art_1229429046_1.html">甲</a><b>2023-03-01</b></li>]]></record>
            <record><![CDATA[<tr><td><a href="../../art/2023/2/1/art_1229429046_2.html?a=1&amp;b=2" title="乙全称">乙</a></td><td>[2023-02-01]</td></tr>]]></record>
            <record><![CDATA[<p><a href="https://xxgk.zhoushan.gov.cn/art/2023/1/1/art_1229429046_3.html">丙</a>[2023-1-5]</p>]]></record>
            <record><![CDATA[<li><a href="/art/2023/3/1/art_1229429046_1.html">甲(移动版)</a><span>2023-03-01</span></li>]]></record>
            </recordset></datastore></script>
            <script>jpage({totalRecord:3,perPage:15,proxyUrl:'/module/web/jpage/dataproxy.jsp',unitid:'7'});</script>
            </body></html>
            """
        let listing = try ListingExtractor().extract(
            Array(page.utf8), url: "https://xxgk.zhoushan.gov.cn/col/col1229429046/index.html")
        #expect(
            listing.items.map(\.url) == [
                "https://xxgk.zhoushan.gov.cn/art/2023/3/1/art_1229429046_1.html",
                "https://xxgk.zhoushan.gov.cn/art/2023/2/1/art_1229429046_2.html?a=1&b=2",
                "https://xxgk.zhoushan.gov.cn/art/2023/1/1/art_1229429046_3.html",
            ])
        #expect(listing.items.map(\.title) == ["甲", "乙全称", "丙"])
        #expect(listing.items.map(\.date) == ["2023-03-01", "2023-02-01", "2023-01-05"])
        #expect(listing.proxy?.url == "https://xxgk.zhoushan.gov.cn/module/web/jpage/dataproxy.jsp")
        #expect(listing.proxy?.parameters["unitid"] == "7")
    }

    @Test func pageWithoutListing() {
        #expect(throws: ExtractionError.self) {
            try ListingExtractor().extract(Array("<html><body><p>无</p></body></html>".utf8))
        }
    }
}
