import GovwatchCore
import Testing

@testable import GovwatchExtract

/// `type = "links"` listings: only the links the rule accepts, in page
/// order, absolute, with the date beside each; capped like every listing.
@Suite("Listings of links")
struct LinkListingTests {
    let base = "http://www.example.gov.cn/zwgk/zfgzbg/index.html"
    let rule = LinkRule(url: #"/zwgk/zfgzbg/\d{6}/t\d{8}_\d+\.html$"#)

    /// TRS's list (dates in spans), a table of links (dates in the next
    /// cell), navigation, a footer, a next-page link and another site.
    let page = """
        <html><head><meta charset="utf-8"></head><body>
        <div class="nav"><a href="/">首页</a><a href="../index.html">政务公开</a></div>
        <ul><li><a href="./202301/t20230115_123.html" title="2022年重点工作任务全年完成情况">2022年重点工作…</a><span>2023-01-15</span></li>
        <li><a href="./202207/t20220730_99.html">2022年重点工作任务半年度进展情况</a><span>2022-07-30</span></li>
        <li><a href="http://other.example.org/zwgk/zfgzbg/202301/t20230101_1.html">别处</a></li></ul>
        <table><tr><td><a href="/zwgk/zfgzbg/202201/t20220110_7.html">2021年重点工作任务全年完成情况</a></td><td>2022-01-10</td></tr></table>
        <div><a href="./index_1.html">下一页</a> <a href="./202301/t20230115_123.html">重复</a></div>
        <div class="footer"><a href="/about.html">关于我们</a> 2023-01-01</div></body></html>
        """

    @Test func onlyMatchingLinksInOrderWithTheirDates() throws {
        let listing = try ListingExtractor(links: rule).extract(Array(page.utf8), url: base)
        #expect(
            listing.items.map(\.url) == [
                "http://www.example.gov.cn/zwgk/zfgzbg/202301/t20230115_123.html",
                "http://www.example.gov.cn/zwgk/zfgzbg/202207/t20220730_99.html",
                "http://www.example.gov.cn/zwgk/zfgzbg/202201/t20220110_7.html",
            ])
        #expect(listing.items.map(\.date) == ["2023-01-15", "2022-07-30", "2022-01-10"])
        #expect(listing.items.first?.title == "2022年重点工作任务全年完成情况")
        #expect(listing.proxy == nil)
    }

    /// A date is taken beside a link only where no other link shares its
    /// holder; else from the link's own text; else none (never a neighbour's).
    @Test func aDateIsNeverANeighboursDate() throws {
        let page = """
            <html><body><div><a href="./202301/t20230101_1.html">甲</a><span>2023-01-01</span><br>
            <a href="./202302/t20230202_2.html">乙</a><span>2023-02-02</span></div>
            <ul><li><a href="./202303/t20230303_3.html"><span>2023-03-03</span>丙报告2</a></li></ul></body></html>
            """
        let listing = try ListingExtractor(links: rule).extract(Array(page.utf8), url: base)
        #expect(listing.items.map(\.date) == [nil, nil, "2023-03-03"])
    }

    @Test func reportLinksOnAnotherHostAreNamedWhenNothingElseMatches() {
        let page =
            "<html><body><a href=\"http://cdn.example.net/zwgk/zfgzbg/202301/t20230101_1.html\">甲</a></body></html>"
        do {
            _ = try ListingExtractor(links: rule).extract(Array(page.utf8), url: base)
            Issue.record("an off-host link must not match a pattern without a host")
        } catch {
            #expect(error.message.contains("(1 on other hosts: name the host in match"), "\(error.message)")
        }
        let named = LinkRule(url: #"^https?://cdn\.example\.net/.*\.html$"#)
        #expect((try? ListingExtractor(links: named).extract(Array(page.utf8), url: base))?.items.count == 1)
    }

    @Test func aTitlePatternNarrowsTheLinks() throws {
        let rule = LinkRule(url: self.rule.url, title: "全年")
        let listing = try ListingExtractor(links: rule).extract(Array(page.utf8), url: base)
        #expect(listing.items.map(\.date) == ["2023-01-15", "2022-01-10"])
    }

    @Test func nothingMatchingSaysHowManyLinksThePageHad() {
        do {
            _ = try ListingExtractor(links: LinkRule(url: "/nothing/")).extract(Array(page.utf8), url: base)
            Issue.record("a page with no matching link must not read as an empty listing")
        } catch {
            #expect(error.code == .noListing)
            #expect(error.message == "no listing: none of the page's 9 links matches match = \"/nothing/\"")
        }
    }

    /// A page over a megabyte is read from its first megabyte when that
    /// holds the 2,000 newest: the same items as the whole page gives.
    @Test func aHugePageIsReadFromItsTop() throws {
        let items = (0..<30_000).map { "<li><a href=\"/art/2024/1/1/art_1_\($0).html\">报告\($0)</a> 2024-01-01</li>" }
        let page = Array(("<html><body><ul>" + items.joined(separator: "\n") + "</ul></body></html>").utf8)
        #expect(page.count > ListingExtractor.prefixBytes)
        let listing = try ListingExtractor().extract(page, url: base)
        #expect(listing.items.count == Listing.maximumItems)
        #expect(listing.items.last?.url == "http://www.example.gov.cn/art/2024/1/1/art_1_1999.html")
        #expect(listing.items.filter { $0.date != "2024-01-01" }.map(\.title) == [])
        // Fewer than 2,000 in the first megabyte (long items): the whole page is read.
        let long = (0..<2_500).map {
            "<li><a href=\"/art/2024/1/1/art_1_\($0).html\">\(String(repeating: "报", count: 200))</a></li>"
        }
        let longPage = Array(("<html><body><ul>" + long.joined() + "</ul></body></html>").utf8)
        #expect(longPage.count > ListingExtractor.prefixBytes)
        #expect(try ListingExtractor().extract(longPage, url: base).items.count == Listing.maximumItems)
    }

    /// 100,000 matching links: the newest 2,000 are read, no more.
    @Test func aHugeListIsCapped() throws {
        let items = (0..<100_000).map { "<li><a href=\"./202301/t20230115_\($0).html\">报告\($0)</a></li>" }
        let huge = "<html><body><ul>" + items.joined() + "</ul></body></html>"
        let listing = try ListingExtractor(links: rule).extract(Array(huge.utf8), url: base)
        #expect(listing.items.count == Listing.maximumItems)
        #expect(listing.items.last?.url.hasSuffix("t20230115_1999.html") == true)
    }
}
