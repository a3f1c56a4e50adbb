import Foundation
import Testing

@testable import GovwatchCore

/// Typed fields read from an entry's columns and words: status only when
/// the report says it outright, never guessed.
@Suite("Typed fields of an entry")
struct EntryFieldsTests {
    func entry(progress: [String] = [], extras: [String: String] = [:]) -> EntryContent {
        EntryContent(task: "任务。", leadUnits: ["市发改委"], progress: progress, extras: extras)
    }

    @Test func aStatusColumnSaysTheStatus() {
        #expect(entry(extras: ["完成状态": "序时推进"]).typed.status == EntryStatus(.onTrack, text: "序时推进", from: .column))
        #expect(entry(extras: ["进展状态": "进度滞后。"]).typed.status?.state == .lagging)
        #expect(entry(extras: ["评价": "已完成"]).typed.status?.state == .done)
        #expect(entry(extras: ["完成状态": "滞后（资金未到位）"]).typed.status?.state == .lagging)
        // 是否滞后: 是 is lagging; 否 says only that it is not.
        #expect(entry(extras: ["是否滞后": "是"]).typed.status?.state == .lagging)
        #expect(entry(extras: ["是否滞后": "否"]).typed.status == nil)
        // A status column in words that are not a status says nothing.
        #expect(entry(extras: ["完成状态": "见附件"]).typed.status == nil)
    }

    @Test func progressWordsSayItOnlyAsAClauseOfTheirOwn() {
        #expect(entry(progress: ["已完成。"]).typed.status == EntryStatus(.done, text: "已完成", from: .text))
        #expect(entry(progress: ["已开工72个，进度滞后。"]).typed.status?.state == .lagging)
        #expect(entry(progress: ["尚未开工。"]).typed.status?.state == .notStarted)
        #expect(entry(progress: ["按序时推进。"]).typed.status?.state == .onTrack)
        // 已完成投资12亿元 is work done, not the task.
        #expect(entry(progress: ["已完成投资12亿元，正在推进。"]).typed.status == nil)
        // A status that is not the last word of its item, or that names a part.
        #expect(entry(progress: ["已完成，正在验收。"]).typed.status == nil)
        #expect(entry(progress: ["一期工程：已完成；二期：正在施工。"]).typed.status == nil)
        #expect(entry(progress: ["完成。"]).typed.status == nil)
        // Two items that disagree: unsure, so nothing.
        #expect(entry(progress: ["一期已完成。", "二期未启动。", "已完成。", "未启动。"]).typed.status == nil)
        // A status column wins over the words.
        #expect(entry(progress: ["已完成。"], extras: ["完成状态": "滞后"]).typed.status?.state == .lagging)
    }

    /// Clauses are cut by bytes now: they are the clauses the Character
    /// split gave, on edge cases and on every line of the seed report.
    @Test func clausesAreTheCharacterSplitsClauses() throws {
        func bySplit(_ folded: String) -> [String] {
            folded.split(whereSeparator: { ",.;!?、\n".contains($0) }).map { String($0) }.filter { !$0.isEmpty }
        }
        let seed = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../GovwatchExtractTests/Fixtures/seed/article-2021-h1-clean.html"),
            encoding: .utf8)
        var texts = ["", "、", ",,", "已完成", "已完成.", ".已完成", "一期、二期;三期!?四期", "a、b、", "滞后\n已完成"]
        // The seed page's text between tags, line by line, folded.
        texts += seed.split(whereSeparator: { $0 == "<" || $0 == ">" }).map { ComparableText.fold($0) }
        #expect(texts.count > 100)
        for text in texts {
            #expect(EntryStatusWords.clauses(text) == bySplit(text), "\(text)")
        }
        #expect(EntryStatusWords.phraseClass(String(repeating: "已完成", count: 12)) == nil)
    }

    @Test func otherColumnsByTheirHeaders() {
        let typed = entry(extras: [
            "完成时限": "2023年底", "年度目标": "新增就业2万人", "分管市领导": "王五", "完成比例（%）": "85 ％",
            "类别": "民生实事", "备注": "无",
        ]).typed
        #expect(typed.deadline == "2023年底" && typed.target == "新增就业2万人" && typed.leader == "王五")
        #expect(typed.percent == "85%" && typed.category == "民生实事")
        #expect(entry(extras: ["完成比例": "约八成"]).typed.percent == nil)
        #expect(entry(extras: ["备注": "已完成"]).typed.isEmpty)
    }

    /// Typed fields are written when present and never read back: they
    /// follow from the columns and progress, whatever a JSON claims.
    @Test func typedFieldsAreWrittenButFollowTheirColumns() throws {
        let plain = entry(progress: ["推进中。"])
        #expect(!String(decoding: try JSONEncoderForTests.encode(plain), as: UTF8.self).contains("status"))
        let done = entry(progress: ["已完成。"], extras: ["完成时限": "2023年底"])
        let text = String(decoding: try JSONEncoderForTests.encode(done), as: UTF8.self)
        #expect(text.contains(#""status":{"class":"done","from":"text","text":"已完成"}"#))
        #expect(text.contains(#""deadline":"2023年底""#))
        let claimed =
            #"{"task":"任务。","leadUnits":[],"progress":["推进中。"],"extras":{},"status":{"class":"done","text":"x","from":"column"}}"#
        let decoded = try JSONDecoder().decode(EntryContent.self, from: Data(claimed.utf8))
        #expect(decoded.typed.status == nil)
    }
}

enum JSONEncoderForTests {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
