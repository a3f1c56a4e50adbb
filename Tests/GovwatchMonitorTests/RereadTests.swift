import GovwatchCore
import GovwatchExtract
import GovwatchFetch
import Testing

@testable import GovwatchMonitor

/// Stored hashes are a contract: a page stored by 0.2 and read better now
/// is recognised as unchanged by reading it again with 0.2's rules.
@Suite("Pages read again by newer rules")
struct RereadTests {
    static func page(_ task: String, progress: String = "已完成。") -> [UInt8] {
        let html = """
            <html><head><meta name="ArticleTitle" content="2023年重点工作完成情况"></head><body><div id="zoom">
            <table><tr><td>序号</td><td>工作内容</td><td>完成情况</td></tr>
            <tr><td>1</td><td>\(task)</td><td>\(progress)</td></tr></table></div></body></html>
            """
        return Array(html.utf8)
    }

    static func response(_ body: [UInt8]) -> FetchResponse {
        FetchResponse(
            url: "http://h/a", effectiveURL: "http://h/a", status: 200, headers: [:], body: body, redirectCount: 0)
    }

    static func hash(_ bytes: [UInt8], _ rules: ReadingRules) throws -> String {
        DocumentSnapshot(article: try ArticleExtractor(rules: rules).extract(bytes)).contentHash
    }

    @Test func anUnchangedPageReadsAsStored() throws {
        let bytes = Self.page("完成渔港规划编制。责任单位：市海洋经济局")
        let storedBy02 = try Self.hash(bytes, .version1)
        #expect(try Self.hash(bytes, .current) != storedBy02)  // the new rules read it differently…
        #expect(SourceCycle.readsAsStored(Self.response(bytes), "http://h/a", storedBy02))  // …and it did not change
    }

    @Test func aChangedPageDoesNot() throws {
        let storedBy02 = try Self.hash(Self.page("完成渔港规划编制。责任单位：市海洋经济局"), .version1)
        let edited = Self.page("完成渔港规划编制。责任单位：市海洋经济局", progress: "规划已评审。")
        #expect(!SourceCycle.readsAsStored(Self.response(edited), "http://h/a", storedBy02))
    }
}
