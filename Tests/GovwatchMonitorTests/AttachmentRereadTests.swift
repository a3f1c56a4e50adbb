import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchCycle
import GovwatchFetch
import GovwatchTestKit
import Logging
import Testing

@testable import GovwatchExtract
@testable import GovwatchMonitor

/// Stored hashes are a contract for reports read from files too: rules 5
/// read a workbook's date cells as dates where rules 4 read their serial
/// numbers, so a workbook stored by rules 4 reads as stored with them and
/// raises nothing on upgrade; the same difference against a report stored
/// by rules 5 is a change.
@Suite("Attached files read again by newer rules")
struct AttachmentRereadTests {
    static let workbook = [UInt8](
        try! Data(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("GovwatchExtractTests/Fixtures/attachments/renamed.xlsx")))

    static func outcome(storedBy rules: ReadingRules, storedRules: Int) async throws -> ArticleOutcome {
        let server = try LoopbackHTTPServer { _ in .respond(status: 200, headers: [], body: Self.workbook) }
        var configuration = FetchConfiguration()
        configuration.perHostDelay = .zero
        let cycle = SourceCycle(
            source: GovwatchConfiguration.Source(name: "s", url: server.url("/column")), failureThreshold: 3,
            fetcher: Fetcher(configuration: configuration), now: Timestamp(epochSeconds: 1_700_000_000),
            logger: Logger(label: "test"))
        let link = AttachmentLink(name: "完成情况.xlsx", url: server.url("/f.xlsx"))
        let attached = AttachedReport(metadata: DocumentMetadata(title: "2023年重点工作完成情况"), files: [link])
        // The hash the report was stored with, read under `rules`.
        let page = try #require(try OfficeAttachment.page(Self.workbook, name: link.name, rules: rules))
        var reading: [(entries: Int, problem: String?)] = []
        let stored = DocumentSnapshot(
            article: try ArticleExtractor().extract(
                attached: attached, pages: [(link, .success(page))], reading: &reading)
        ).contentHash
        return await cycle.readAttachments(
            attached, pageError: ExtractionError(.noReportTable, "no report table"), referer: server.url("/a"),
            fresh: Validators(), stored: stored, storedRules: storedRules)
    }

    @Test func aWorkbookStoredByRules4ReadsAsStoredWithThem() async throws {
        guard case let .reread(snapshot, _, _) = try await Self.outcome(storedBy: .version4, storedRules: 4) else {
            Issue.record("not read as stored")
            return
        }
        #expect(snapshot.entries.first?.extras["完成时限"] == "2023-12-31")
    }

    @Test func theSameDifferenceAgainstRules5IsAChange() async throws {
        let outcome = try await Self.outcome(storedBy: .version4, storedRules: 5)
        guard case .extracted = outcome else {
            Issue.record("\(outcome)")
            return
        }
    }
}
