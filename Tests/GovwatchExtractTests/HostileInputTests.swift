import Foundation
import GovwatchCore
import GovwatchReport
import Testing

@testable import GovwatchExtract

/// Hostile pages: each must end quickly with a result or a clear error.
/// Bounds (documented in the README): tables are cut at 64 columns and
/// rowspans at 1,000 rows; listings read at most 2,000 records a page;
/// entities are never expanded; nesting past libxml2's depth of 256 stops
/// the tree.
///
/// The suite's time limit is a guard against hangs, not a speed goal, and
/// it is wide because its clock is not the test's own: it runs from when a
/// test is started, and these synchronous tests then wait for one of the
/// test runner's threads, one per core. On a two-core CI machine under the
/// whole suite, six of them (0.3 to 15 s each alone, in a debug build) were
/// past a one-minute limit. Serialized, they hold at most one of those
/// threads between them.
@Suite("Hostile input", .serialized, .timeLimit(.minutes(10)))
struct HostileInputTests {
    static let header = "<tr><td>序号</td><td>工作内容</td><td>完成情况</td></tr>"

    @Test func aTableOfAMillionCells() throws {
        var page = "<html><body><table>" + Self.header
        let row = "<tr>" + String(repeating: "<td>格</td>", count: 1000) + "</tr>"
        page += String(repeating: row, count: 1000) + "</table></body></html>"
        let article = try ArticleExtractor().extract(Array(page.utf8))
        #expect(article.entries.count == 1000)
        #expect(article.tables.first?.header.count ?? 0 <= TableGrid.maximumColumns)
    }

    /// 100,000 rows under rules 3's shapes: a category column and a task
    /// group spanning 50 rows each, unit cells spanning 10, a supporting
    /// column. Read in one pass: every row an entry, each with its group.
    @Test func aHundredThousandRowsWithRowspans() throws {
        var page = "<html><body><table><tr><td>领域</td><td colspan=\"2\">重点工作任务</td><td>牵头单位</td>"
        page += "<td>配合单位</td><td>进度</td></tr>"
        for index in 0..<100_000 {
            page += "<tr>"
            if index % 50 == 0 {
                page += "<td rowspan=\"50\">领域\(index / 50)</td><td rowspan=\"50\">一、分组\(index / 50)</td>"
            }
            page += "<td>任务\(index)。</td>"
            if index % 10 == 0 { page += "<td rowspan=\"10\"><p>市人力资源</p><p>社会保障局</p></td>" }
            page += "<td>单位\(index % 7)</td><td>已完成\(index)。</td></tr>"
        }
        page += "</table></body></html>"
        let article = try ArticleExtractor().extract(Array(page.utf8))
        #expect(article.entries.count == 100_000)
        let entry = article.entries[12_345]
        #expect(entry.task == "分组246：任务12345。" && entry.section == "领域246")
        #expect(entry.leadUnits == ["市人力资源社会保障局"] && entry.supportingUnits == ["单位4"])
        #expect(Set(article.entries.map(\.key)).count == 100_000)
    }

    @Test func aPageThatIsAlmostAllScript() throws {
        let script =
            "<script>" + String(repeating: "var x = '<table><tr><td>工作内容</td></tr></table>';\n", count: 100_000)
            + "</script>"
        let page =
            "<html><head>\(script)</head><body><table>\(Self.header)<tr><td>1</td><td>任务</td><td>完成</td></tr></table></body></html>"
        let article = try ArticleExtractor().extract(Array(page.utf8))
        #expect(article.entries.count == 1)
    }

    /// A list-form body of 100,000 paragraphs: read in one pass (each task
    /// looks ahead at most three paragraphs), every task found.
    @Test func aListOfAHundredThousandParagraphs() throws {
        var page = "<html><body><div id=\"zoom\">"
        for index in 0..<25_000 {
            page += "<p>\(index % 99 + 1). 任务\(index)。</p><p>责任单位：单位\(index % 7)</p>"
            page += "<p>完成情况：</p><p>1.已完成\(index)。</p>"
        }
        page += "</div></body></html>"
        let article = try ArticleExtractor().extract(Array(page.utf8))
        #expect(article.entries.count == 25_000)
        #expect(article.entries[7].progress == ["已完成7。"])
        #expect(Set(article.entries.map(\.key)).count == 25_000)
    }

    /// 100,000 numbered paragraphs that are no tasks (no unit line follows):
    /// nothing is read, and the look-ahead keeps it linear.
    @Test func aHundredThousandNumberedParagraphsWithoutUnits() throws {
        var page = "<html><body><div id=\"zoom\">"
        for index in 0..<100_000 { page += "<p>\(index % 99 + 1). 条目\(index)</p>" }
        page += "</div></body></html>"
        #expect(throws: ExtractionError.self) { try ArticleExtractor().extract(Array(page.utf8)) }
    }

    /// 50,000 bracketed tasks each followed by a leader line and no unit
    /// line: no task, and the look-ahead (stretched by leader lines, a few
    /// at most) keeps the walk linear.
    @Test func aHundredThousandTaskAndLeaderLinesWithoutUnits() throws {
        var page = "<html><body><div id=\"zoom\">"
        for index in 0..<50_000 { page += "<p>（一）任务\(index)。</p><p>责任领导：张三</p>" }
        page += "</div></body></html>"
        #expect(throws: ExtractionError.self) { try ArticleExtractor().extract(Array(page.utf8)) }
    }

    @Test func entityExpansionBombsStayInert() throws {
        let bomb = """
            <?xml version="1.0"?><!DOCTYPE datastore [
            <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
            <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
            <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>
            <datastore><totalrecord>1</totalrecord><recordset><record><![CDATA[<li><a href="/art/1.html" title="&g;">x</a></li>]]></record></recordset></datastore>
            """
        let listing = try ListingExtractor().extract(Array(bomb.utf8), url: "http://h/dataproxy.jsp")
        #expect(listing.items.count == 1)
        #expect((listing.items.first?.title?.utf8.count ?? 0) < 1000)
        let html =
            "<html><body><p>&g;&amp;</p><table>\(Self.header)<tr><td>1</td><td>任务&g;</td><td>完成</td></tr></table></body></html>"
        let article = try ArticleExtractor().extract(Array(html.utf8))
        #expect(article.entries.first?.task.utf8.count ?? 0 < 100)
    }

    @Test func aColumnPageListingAHundredThousandRecords() throws {
        var page = "<html><body><script type=\"text/xml\"><datastore><recordset>"
        for index in 0..<100_000 {
            page += "<record><![CDATA[<a href=\"/art/\(index).html\">\(index)</a>]]></record>"
        }
        page +=
            "</recordset></datastore></script><script>jpage({totalRecord:100000,perPage:15});</script></body></html>"
        let listing = try ListingExtractor().extract(Array(page.utf8), url: "http://h/col/col1/index.html")
        #expect(listing.items.count == ListingBuilder.maximumRecords)
        #expect(listing.totalRecords == 100_000)
    }

    /// A column page of 100,000 plain article links (no datastore): the
    /// listing stops at the same cap as records, keeping the first (newest).
    @Test func aPageOfAHundredThousandPlainLinksIsCapped() throws {
        var page = "<html><body><ul>"
        for index in 0..<100_000 { page += "<li><a href=\"/art/2024/1/1/art_\(index).html\">报告\(index)</a></li>" }
        page += "</ul></body></html>"
        let listing = try ListingExtractor().extract(Array(page.utf8), url: "http://h/col/col1/index.html")
        #expect(listing.items.count == Listing.maximumItems)
        #expect(listing.items.first?.url == "http://h/art/2024/1/1/art_0.html")
        #expect(listing.items.last?.url == "http://h/art/2024/1/1/art_1999.html")
    }

    @Test func aDataproxyClaimingABillionRecords() throws {
        let answer =
            "<?xml version=\"1.0\"?><datastore><totalrecord>1000000000</totalrecord><totalpage>66666667</totalpage><recordset>"
            + "<record><![CDATA[<li><a href=\"/art/1.html\">一</a><span>2023-01-01</span></li>]]></record></recordset></datastore>"
        let listing = try ListingExtractor().extract(Array(answer.utf8), url: "http://h/dataproxy.jsp")
        #expect(listing.totalRecords == 1_000_000_000)
        #expect(listing.items.count == 1)  // deeper pages are read only up to the source's `pages`
    }

    @Test func mixedEncodingsDecodeWithoutCrashing() throws {
        // UTF-8 text with GBK bytes pasted in, no declaration.
        let prose = "<p>" + String(repeating: "舟山市人民政府办公室关于重点工作任务完成情况的通报。", count: 10) + "</p>"
        let bytes =
            Array("<html><body>\(prose)<table>\(Self.header)<tr><td>1</td><td>任务".utf8) + [0xD6, 0xDB, 0xC9, 0xBD]
            + Array("</td><td>完成</td></tr></table></body></html>".utf8)
        let article = try ArticleExtractor().extract(bytes)
        // Mostly valid UTF-8 with a few bad bytes stays UTF-8; the bad bytes become U+FFFD.
        #expect(article.entries.count == 1)
        #expect(article.entries[0].task.hasPrefix("任务"))
    }
}
