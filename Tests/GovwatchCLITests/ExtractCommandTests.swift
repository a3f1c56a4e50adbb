import Foundation
import GovwatchTestKit
import Testing

@Suite("govwatch extract: output and exit status")
struct ExtractCommandTests {
    @Test func articleAsJSON() throws {
        let outcome = try GovwatchBinary.run(["extract", GovwatchBinary.fixture("seed/article-2021-h1-word.html")])
        #expect(outcome.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        for key in [
            "url", "title", "indexNumber", "category", "publisher", "generatedDate", "disclosure",
            "publishedAt", "source", "columnName", "kind", "tables", "entries",
        ] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        let entries = try #require(json["entries"] as? [[String: Any]])
        #expect(entries.count == 157)
        #expect(entries[0]["number"] as? String == "1")
        #expect(json["kind"] as? String == "progress")
        #expect(
            Set(entries[0].keys) == [
                "key", "number", "section", "task", "leadUnits", "supportingUnits", "progress", "extras",
            ])
        #expect(entries[0]["supportingUnits"] as? [String] == [])
        #expect(entries[0]["section"] is NSNull)
    }

    /// `--explain` says how a page was read, and why a page reads as nothing.
    @Test func explainSaysHowThePageWasRead() throws {
        let list = try GovwatchBinary.run([
            "extract", "--explain", GovwatchBinary.fixture("layouts/list-report-word.html"),
        ])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("paragraph 2: before the first task, skipped: 各县（区）人民政府，市政府直属各单位："))
        #expect(lines.contains("paragraph 4: section \"张三市长牵头重点工作\""))
        #expect(lines.contains("paragraph 5: task 1, units in paragraph 6"))
        #expect(lines.contains("paragraph 27: signature or date, the list ends: 舟山市人民政府办公室"))
        #expect(lines.last == "read 5 entries (progress) from a list of paragraphs")

        let table = try GovwatchBinary.run([
            "extract", "--explain", GovwatchBinary.fixture("layouts/assignment-table.html"),
        ])
        #expect(table.stdout.hasPrefix("table 1: header in row 2: 序号=number | 重点工作任务=task | 责任单位=leadUnit\n"))

        let none = try GovwatchBinary.run([
            "extract", "--explain", GovwatchBinary.fixture("bad/no-report-table.html"),
        ])
        #expect(none.status == 65)
        #expect(
            none.stdout == "paragraph 1: before the first task, skipped: 本文无表格。\nlist: 0 task(s) in 1 paragraph(s)\n")
    }

    /// `--explain` gives the [sources.columns] lines of each table, and
    /// `--column` reads a table as those lines would; a listing page is
    /// explained, not refused.
    @Test func explainGivesTheColumnsLinesAndColumnTriesThem() throws {
        let read = try GovwatchBinary.run([
            "extract", "--explain", GovwatchBinary.fixture("layouts/wider-vocabulary.html"),
        ])
        #expect(read.status == 0)
        #expect(
            read.stdout.hasSuffix(
                """
                  number = "序号"
                  task = "项目内容"
                  units = "牵头单位"
                  supporting = "责任单位"
                  progress = "进度"
                  extra = ["任务来源", "目标任务", "完成比例(%)"]

                """), "\(read.stdout)")
        // Read the target column as the task instead.
        let chosen = try GovwatchBinary.run([
            "extract", "--column", "task=目标任务", "--column", "extra=项目内容",
            GovwatchBinary.fixture("layouts/wider-vocabulary.html"),
        ])
        #expect(chosen.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(chosen.stdout.utf8)) as? [String: Any])
        let tasks = (json["entries"] as? [[String: Any]])?.compactMap { $0["task"] as? String }
        #expect(tasks == ["新建10个", "50公里"])
        #expect(try GovwatchBinary.run(["extract", "--column", "owner=x", "a.html"]).status == 64)

        let listing = try GovwatchBinary.run([
            "extract", "--explain", GovwatchBinary.fixture("listing/column-1229429114.html"),
        ])
        #expect(listing.status == 0)
        #expect(listing.stdout.hasPrefix("a listing page: 15 articles, read as a JCMS column\n"), "\(listing.stdout)")
    }

    @Test func articleAsMarkdown() throws {
        let outcome = try GovwatchBinary.run([
            "extract", "--format", "markdown", GovwatchBinary.fixture("seed/article-2021-h1-clean.html"),
        ])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("# 2021年度市政府工作报告重点工作任务半年度完成情况"))
        #expect(outcome.stdout.contains("| 72 | 切实加强慈善工作。 | 市民政局、市慈善总会 |"))
    }

    @Test func listingWithBaseURL() throws {
        let outcome = try GovwatchBinary.run([
            "extract", "--kind", "listing", "--base-url", "http://xxgk.zhoushan.gov.cn/col/col1229429114/index.html",
            GovwatchBinary.fixture("listing/column-1229429114.html"),
        ])
        #expect(outcome.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect((json["items"] as? [Any])?.count == 15)
        #expect(json["totalRecords"] as? Int == 24)
    }

    @Test func autoDetectsListing() throws {
        let outcome = try GovwatchBinary.run(["extract", GovwatchBinary.fixture("listing/dataproxy-1229429114-p2.xml")])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("\"totalRecords\" : 24"))
    }

    @Test func noReportTableExits65WithOneLine() throws {
        let outcome = try GovwatchBinary.run([
            "extract", "--kind", "article", GovwatchBinary.fixture("bad/no-report-table.html"),
        ])
        #expect(outcome.status == 65)
        #expect(
            outcome.stderr.hasSuffix(
                "no report table: no table; no list of numbered tasks with unit lines in 1 paragraph\n"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stdout.isEmpty)
    }

    @Test func randomBytesAndTruncatedPagesExit65() throws {
        #expect(try GovwatchBinary.run(["extract", GovwatchBinary.fixture("bad/random.bin")]).status == 65)
        let truncated = try GovwatchBinary.run(["extract", GovwatchBinary.fixture("bad/truncated.html")])
        #expect(truncated.status == 65)
        #expect(truncated.stderr.contains("truncated page"))
    }

    @Test func unreadableInputExits66() throws {
        let missing = try GovwatchBinary.run(["extract", "/nonexistent/page.html"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("/nonexistent/page.html"))
        #expect(try GovwatchBinary.run(["extract", "/tmp"]).status == 66)
        // An empty file was read: it holds nothing to extract (65, see CLIErrorTests).
    }

    @Test func charsetOverride() throws {
        let outcome = try GovwatchBinary.run([
            "extract", "--charset", "GBK", GovwatchBinary.fixture("seed/article-2021-h1-gbk.html"),
        ])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("市疫情防控办"))
    }
}

@Suite("govwatch extract URL: fetched with libcurl")
struct ExtractURLTests {
    @Test func fetchesAndExtractsAnArticle() throws {
        let page = try Data(
            contentsOf: GovwatchBinary.fixtures.appendingPathComponent("seed/article-2021-h1-clean.html"))
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: [("Content-Type", "text/html")], body: [UInt8](page))
        }
        let outcome = try GovwatchBinary.run(["extract", server.url("/art/2022/1/6/art_1229429114_3680018.html")])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("\"url\" : \"\(server.url("/art/2022/1/6/art_1229429114_3680018.html"))\""))
        #expect(outcome.stdout.contains("市疫情防控办"))
    }

    @Test func headerCharsetWinsOverMeta() throws {
        // GBK bytes whose <meta> lies (says UTF-8); the header tells the truth.
        let gbk = try Data(contentsOf: GovwatchBinary.fixtures.appendingPathComponent("seed/article-2021-h1-gbk.html"))
        var text = [UInt8](gbk)
        let lie = Array("charset=utf-8".utf8)
        let truth = Array("charset=gbk".utf8)
        if let range = text.firstRange(of: truth) { text.replaceSubrange(range, with: lie) }
        let body = text
        let server = try LoopbackHTTPServer { _ in
            .respond(status: 200, headers: [("Content-Type", "text/html; charset=GBK")], body: body)
        }
        let outcome = try GovwatchBinary.run(["extract", server.url("/a.html")])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("市疫情防控办"))
    }

    @Test func listingPageFromURL() throws {
        let page = try Data(
            contentsOf: GovwatchBinary.fixtures.appendingPathComponent("listing/column-1229429114.html"))
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, body: [UInt8](page)) }
        let outcome = try GovwatchBinary.run(["extract", server.url("/col/col1229429114/index.html")])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("\"url\" : \"\(server.url("/art/2022/1/6/art_1229429114_3680044.html"))\""))
    }

    @Test func fetchFailuresExit66WithTheReason() throws {
        let server = try LoopbackHTTPServer { _ in .respond(status: 503, headers: [("Retry-After", "60")]) }
        let outcome = try GovwatchBinary.run(["extract", server.url("/down")])
        #expect(outcome.status == 66)
        #expect(outcome.stderr.contains("HTTP 503"))
        #expect(outcome.stderr.contains(server.url("/down")))
    }
}
