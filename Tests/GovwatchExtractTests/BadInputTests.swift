import GovwatchCore
import GovwatchHTML
import Testing

@testable import GovwatchExtract

@Suite("Bad input gives a clear error, never a crash")
struct BadInputTests {
    func code(of bytes: [UInt8]) -> ExtractionError.Code? {
        do {
            _ = try ArticleExtractor().extract(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func emptyFile() throws {
        #expect(code(of: try Fixtures.bytes("bad/empty.html")) == .unreadable)
        #expect(code(of: Array("  \n ".utf8)) == .unreadable)
    }

    @Test func randomBytes() throws {
        #expect(code(of: try Fixtures.bytes("bad/random.bin")) == .notMarkup)
    }

    @Test func pageWithoutReportTable() throws {
        let bytes = try Fixtures.bytes("bad/no-report-table.html")
        do {
            _ = try ArticleExtractor().extract(bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .noReportTable)
            #expect(
                error.message == "no report table: no table; no list of numbered tasks with unit lines in 1 paragraph")
        }
    }

    @Test func truncatedPage() throws {
        #expect(code(of: try Fixtures.bytes("bad/truncated.html")) == .truncated)
        // …which a caller may still read on purpose, getting the rows before the cut.
        let partial = try ArticleExtractor(requireCompleteDocument: false).extract(
            try Fixtures.bytes("bad/truncated.html"))
        #expect(partial.entries.count > 0 && partial.entries.count < 157)
    }

    @Test func aDocumentEndIsAClosingHtmlOrBodyTagInAnyCase() {
        func ends(_ text: String) -> Bool { Array(text.utf8).withUnsafeBytes(ArticleExtractor.hasDocumentEnd) }
        #expect(ends("<html><body><p>x</p></BODY>\n</HTML>\n"))
        #expect(ends("<p>x</p></body>"))
        #expect(ends("</html"))
        #expect(!ends("<html><body><p>x</p><"))
        #expect(!ends("<p>x</p></htm"))
        #expect(!ends("</bodies"))
        #expect(!ends(""))
        // Only the last 4 KB count: a page cut long after its first </body> is still cut.
        #expect(!ends("</body>" + String(repeating: "<p>表</p>", count: 1000)))
    }

    @Test func nulBytesAndInvalidUTF8() throws {
        var bytes = try Fixtures.bytes("seed/article-2021-h1-clean.html")
        let middle = bytes.count / 2
        bytes.replaceSubrange(middle..<(middle + 4), with: [0x00, 0xFF, 0xFE, 0x00])
        let article = try ArticleExtractor().extract(bytes, charset: "UTF-8")
        #expect(article.entries.count >= 150)
    }

    static let table =
        "<table><tr><td>序号</td><td>工作内容</td><td>完成情况</td></tr><tr><td>1</td><td>任务</td><td>完成</td></tr></table>"

    @Test func deepNestingWithinLibxml2sLimitIsRead() throws {
        let depth = 200
        let page =
            "<html><body>" + String(repeating: "<div>", count: depth) + Self.table
            + String(repeating: "</div>", count: depth) + "</body></html>"
        #expect(try ArticleExtractor().extract(Array(page.utf8)).entries.count == 1)
    }

    @Test func hostileNestingStopsTheParserNotTheProcess() {
        // libxml2 stops building the tree past its depth limit (256 without
        // XML_PARSE_HUGE, which we never set): a clear error, no stack overflow.
        let depth = 100_000
        let page = "<html><body>" + String(repeating: "<div><span>", count: depth) + "x" + Self.table + "</body></html>"
        #expect(code(of: Array(page.utf8)) == .noReportTable)
    }

    @Test func unknownDeclaredCharset() {
        let bytes = Array("<html><body><table></table></body></html>".utf8)
        do {
            _ = try ArticleExtractor().extract(bytes, charset: "x-no-such-charset")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unreadable)
            #expect(error.message.contains("X-NO-SUCH-CHARSET"))
        }
    }
}
