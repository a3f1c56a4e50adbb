import GovwatchCore
import GovwatchExtract
import GovwatchFetch
import Testing

@testable import GovwatchMonitor

/// Stored hashes are a contract: a page stored by earlier rules (0.2's, or
/// those before the wider vocabulary) and read better now is recognised as
/// unchanged by reading it again with the rules that stored it.
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
        // …and it did not change.
        #expect(SourceCycle.readsAsStored(Self.response(bytes), "http://h/a", storedBy02, generation: 1))
    }

    @Test func aChangedPageDoesNot() throws {
        let storedBy02 = try Self.hash(Self.page("完成渔港规划编制。责任单位：市海洋经济局"), .version1)
        let edited = Self.page("完成渔港规划编制。责任单位：市海洋经济局", progress: "规划已评审。")
        #expect(!SourceCycle.readsAsStored(Self.response(edited), "http://h/a", storedBy02, generation: 1))
    }

    /// Rules 2 took 任务来源 for the task column; rules 3 read the 工作任务
    /// column: a page stored by rules 2 hashes differently now, and reads
    /// as stored with the rules that stored it.
    @Test func aPageStoredByRules2ReadsAsStoredWithThem() throws {
        let html = """
            <html><head><meta name="ArticleTitle" content="2023年重点工作完成情况"></head><body><div id="zoom">
            <table><tr><td>序号</td><td>任务来源</td><td>工作任务</td><td>牵头单位</td><td>完成情况</td></tr>
            <tr><td>1</td><td>政府工作报告</td><td>新建城市书房10个。</td><td>市文广旅体局</td><td>已建成8个。</td></tr>
            </table></div></body></html>
            """
        let bytes = Array(html.utf8)
        let storedBy2 = try Self.hash(bytes, .version2)
        #expect(try ArticleExtractor(rules: .version2).extract(bytes).entries.first?.task == "政府工作报告")
        #expect(try ArticleExtractor().extract(bytes).entries.first?.task == "新建城市书房10个。")
        #expect(SourceCycle.readsAsStored(Self.response(bytes), "http://h/a", storedBy2, generation: 2))
        #expect(try Self.hash(bytes, .current) != storedBy2)
    }

    /// Rules 3 read a 完成情况 column of status words as the progress when
    /// it came first; rules 4 read it as the status: a page stored by rules
    /// 3 reads as stored with them, and so raises nothing on upgrade.
    @Test func aPageStoredByRules3ReadsAsStoredWithThem() throws {
        let html = """
            <html><head><meta name="ArticleTitle" content="2024年民生实事项目推进情况"></head><body><div id="zoom">
            <table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成情况</td><td>进展情况</td></tr>
            <tr><td>1</td><td>改造老旧小区12个。</td><td>县住建局</td><td>滞后</td><td>已开工8个。</td></tr>
            </table></div></body></html>
            """
        let bytes = Array(html.utf8)
        let storedBy3 = try Self.hash(bytes, .version3)
        #expect(try ArticleExtractor(rules: .version3).extract(bytes).entries.first?.content.progress == ["滞后"])
        #expect(try ArticleExtractor().extract(bytes).entries.first?.content.progress == ["已开工8个。"])
        #expect(try Self.hash(bytes, .current) != storedBy3)
        #expect(SourceCycle.readsAsStored(Self.response(bytes), "http://h/a", storedBy3, generation: 3))
    }
}
