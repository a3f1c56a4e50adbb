import GovwatchCore
import Testing

@testable import GovwatchExtract

@Suite("The real 2021 half-year report")
struct SeedArticleTests {
    static let variants = [
        "seed/article-2021-h1-clean.html", "seed/article-2021-h1-word.html", "seed/article-2021-h1-gbk.html",
    ]

    @Test(arguments: variants)
    func extractsAll157Entries(_ path: String) throws {
        let article = try ArticleExtractor().extract(try Fixtures.bytes(path))
        #expect(article.entries.count == 157)
        #expect(article.entries.map(\.number) == (1...157).map { String($0) })
        let first = article.entries[0]
        #expect(first.leadUnits == ["市疫情防控办"])
        #expect(first.progress.count == 6)
        #expect(first.progress[0] == "组织开展基层医疗机构网格化排查相关工作,关停整改26家,立案24家。")
        #expect(first.task.hasSuffix("继续交出防疫高分报表。"))
        #expect(article.entries[2].leadUnits == ["市府办(市大数据局)"])
        let seventySecond = article.entries[71]
        #expect(seventySecond.leadUnits == ["市民政局", "市慈善总会"])
        #expect(seventySecond.progress.count == 1)
        #expect(article.indexNumber == "001008009005001/2021-187464")
        #expect(article.generatedDate == "2021-07-21")
        #expect(article.publishedAt?.hasPrefix("2022-01-06") == true)
        #expect(article.publisher == "市政府办公室")
        #expect(article.source == "市政府办公室")
        #expect(article.category == "市政府工作报告")
        #expect(article.disclosure == "主动公开")
        #expect(article.columnName == "市政府工作报告执行")
        #expect(article.title == "2021年度市政府工作报告重点工作任务半年度完成情况")
        #expect(article.tables.first?.roles == [.number, .task, .progress])
    }

    @Test func allMarkupsGiveIdenticalEntries() throws {
        let entries = try Self.variants.map { try ArticleExtractor().extract(try Fixtures.bytes($0)).entries }
        #expect(entries[0] == entries[1])
        #expect(entries[0] == entries[2])
    }

    @Test func gbkCopyIsDetectedFromMetaOnly() throws {
        let bytes = try Fixtures.bytes("seed/article-2021-h1-gbk.html")
        #expect(!bytes.isEmpty && String(validating: bytes, as: UTF8.self) == nil)  // really not UTF-8
        let article = try ArticleExtractor().extract(bytes, charset: nil)
        #expect(article.title == "2021年度市政府工作报告重点工作任务半年度完成情况")
    }

    @Test func keysAreUniqueAndStable() throws {
        let article = try ArticleExtractor().extract(try Fixtures.bytes("seed/article-2021-h1-word.html"))
        #expect(Set(article.entries.map(\.key)).count == 157)
        // The values themselves are pinned in StoredContractTests.
        #expect(article.entries[0].key == StoredContractTests.keys[1])
    }
}
