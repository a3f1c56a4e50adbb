import GovwatchCore
import Testing

@testable import GovwatchExtract

/// `type = "feed"`: RSS 2.0 items and Atom 1.0 entries as listing items,
/// their links absolute, their dates the day as the publisher wrote it.
@Suite("Feeds as listings")
struct FeedListingTests {
    let base = "http://www.example.gov.cn/rss/zwgk.xml"

    func read(_ feed: String, rule: LinkRule? = nil) throws(ExtractionError) -> Listing {
        try ListingExtractor(.feed(rule)).extract(Array(feed.utf8), url: base)
    }

    /// Written from RSS 2.0: `link`, `pubDate` in RFC 822 (with the
    /// publisher's +0800), a permalink `guid` standing in for a missing
    /// link, a `guid` that is only an id (no article: skipped).
    let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
        <title>政府信息公开</title><link>http://www.example.gov.cn/</link>
        <item><title>2023年重点工作任务第一季度进展情况</title>
          <link>http://www.example.gov.cn/art/2023/4/20/art_1_3.html</link>
          <pubDate>Thu, 20 Apr 2023 23:30:00 +0800</pubDate></item>
        <item><title><![CDATA[2022年重点工作任务全年完成情况]]></title>
          <guid>http://www.example.gov.cn/art/2023/1/15/art_1_2.html</guid><dc:date>2023-01-15T09:00:00+08:00</dc:date></item>
        <item><title>关于开展安全检查的通知</title><link>/art/2023/1/3/art_1_1.html</link></item>
        <item><title>一条只有编号的消息</title><guid>12345</guid></item>
        </channel></rss>
        """

    @Test func rssItemsInOrderWithLinksAndDates() throws {
        let listing = try read(rss)
        #expect(
            listing.items.map(\.url) == [
                "http://www.example.gov.cn/art/2023/4/20/art_1_3.html",
                "http://www.example.gov.cn/art/2023/1/15/art_1_2.html",
                "http://www.example.gov.cn/art/2023/1/3/art_1_1.html",
            ])
        #expect(listing.items.map(\.date) == ["2023-04-20", "2023-01-15", nil])
        #expect(listing.items[1].title == "2022年重点工作任务全年完成情况")
    }

    @Test func matchNarrowsAFeed() throws {
        let listing = try read(rss, rule: LinkRule(url: "/art/", title: "进展|完成情况"))
        #expect(listing.items.map(\.title) == ["2023年重点工作任务第一季度进展情况", "2022年重点工作任务全年完成情况"])
        #expect(throws: ExtractionError.self) { try read(rss, rule: LinkRule(url: "/nothing/")) }
    }

    /// Written from Atom 1.0: the alternate link (not the enclosure), a
    /// link without rel counting as alternate, `published` before `updated`.
    @Test func atomEntriesUseTheirAlternateLink() throws {
        let atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>公开</title>
            <entry><title>半年度进展情况</title><link rel="enclosure" href="/files/a.pdf"/>
              <link rel="alternate" type="text/html" href="/art/2023/7/30/art_1_9.html"/>
              <published>2023-07-30T10:00:00+08:00</published><updated>2023-08-02T10:00:00+08:00</updated></entry>
            <entry><title>全年完成情况</title><link href="http://www.example.gov.cn/art/2023/1/15/art_1_2.html"/>
              <updated>2023-01-15T09:00:00Z</updated></entry>
            </feed>
            """
        let listing = try read(atom)
        #expect(
            listing.items.map(\.url) == [
                "http://www.example.gov.cn/art/2023/7/30/art_1_9.html",
                "http://www.example.gov.cn/art/2023/1/15/art_1_2.html",
            ])
        #expect(listing.items.map(\.date) == ["2023-07-30", "2023-01-15"])
    }

    @Test func anHTMLPageIsNotAFeedAndSaysWhatToSet() {
        #expect {
            try read("<html><body><a href='/art/1.html'>报告</a></body></html>")
        } throws: { error in
            let message = (error as? ExtractionError)?.message ?? ""
            return message.contains("not an RSS or Atom feed") && message.contains("type = \"links\"")
        }
        #expect {
            try read("<?xml version=\"1.0\"?><rss><channel><title>空</title></channel></rss>")
        } throws: { error in
            (error as? ExtractionError)?.message == "no listing: the feed has 0 items"
        }
    }

    /// Entities are never expanded: a billion-laughs feed ends in a short
    /// title or a clear error (libxml2 stops at the amplification), at once.
    @Test func anEntityBombStaysInert() throws {
        var declarations = "<!ENTITY a0 \"lol\">"
        for level in 1...30 {
            declarations += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">"
        }
        let feed = """
            <?xml version="1.0"?><!DOCTYPE rss [\(declarations)]>
            <rss version="2.0"><channel><item><title>&a30;</title><link>/art/1.html</link></item></channel></rss>
            """
        do {
            let listing = try read(feed)
            #expect((listing.items.first?.title?.count ?? 0) < 100)
        } catch {
            #expect(error.message.hasPrefix("no listing: the feed has 1 item"))
        }
    }

    @Test func aHugeFeedIsCapped() throws {
        let items = (1...(Listing.maximumItems + 500)).map { "<item><link>/art/\($0).html</link></item>" }
        let listing = try read("<rss version=\"2.0\"><channel>\(items.joined())</channel></rss>")
        #expect(listing.items.count == Listing.maximumItems)
        #expect(listing.items.last?.url == "http://www.example.gov.cn/art/\(Listing.maximumItems).html")
    }
}
