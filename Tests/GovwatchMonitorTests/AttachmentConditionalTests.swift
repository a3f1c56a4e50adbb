import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchCycle
import GovwatchFetch
import GovwatchStore
import GovwatchTestKit
import Logging
import Synchronization
import Testing

@testable import GovwatchExtract
@testable import GovwatchMonitor

/// A report's files are asked for conditionally from what the stored
/// snapshot recorded of them (their ETag and Last-Modified): a 304 reads as
/// the page the file read as, a replaced file is read again, and a file
/// whose page is no longer held is asked for whole, never twice.
@Suite("Attached files asked for conditionally")
struct AttachmentConditionalTests {
    static func fixture(_ name: String) -> [UInt8] {
        [UInt8](
            try! Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("GovwatchExtractTests/Fixtures/attachments/\(name)")))
    }

    static let page = Array(
        """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>2023年重点工作任务完成情况</title></head><body>
        <h1 class="title">2023年重点工作任务完成情况</h1><div class="TRS_Editor"><p>现将完成情况公布如下。</p>
        <p>附件：<a href="/f.docx">2023年重点工作任务完成情况.docx</a></p></div></body></html>
        """.utf8)

    /// The file served, its ETag, and the requests for it.
    final class File: Sendable {
        struct State {
            var bytes: [UInt8]
            var etag: String
            var asked: [String?] = []  // each request's If-None-Match
            var notModified = 0
        }
        let state: Mutex<State>
        init(_ bytes: [UInt8], etag: String) { state = Mutex(State(bytes: bytes, etag: etag)) }
    }

    static func server(_ file: File) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            guard request.path == "/f.docx" else {
                return .respond(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: page)
            }
            return file.state.withLock { state in
                state.asked.append(request.headers["if-none-match"])
                if request.headers["if-none-match"] == state.etag {
                    state.notModified += 1
                    return .respond(status: 304, headers: [("ETag", state.etag)])
                }
                return .respond(
                    status: 200, headers: [("ETag", state.etag), ("Last-Modified", "Tue, 10 Oct 2023 08:00:00 GMT")],
                    body: state.bytes)
            }
        }
    }

    static func cycle(_ server: LoopbackHTTPServer, _ reader: AttachmentReader) -> SourceCycle {
        var configuration = FetchConfiguration()
        configuration.perHostDelay = .zero
        return SourceCycle(
            source: GovwatchConfiguration.Source(name: "s", url: server.url("/column")), failureThreshold: 3,
            fetcher: Fetcher(configuration: configuration), attachments: reader,
            now: Timestamp(epochSeconds: 1_700_000_000), logger: Logger(label: "test"))
    }

    /// A recheck of the stored `snapshot` through the cycle's article path.
    static func recheck(_ cycle: SourceCycle, _ url: String, stored snapshot: DocumentSnapshot) async -> ArticleOutcome
    {
        var known = StoredDocument(url: url, source: "s", firstSeenAt: Timestamp(epochSeconds: 1_700_000_000))
        known.contentHash = snapshot.contentHash
        known.readingRules = ReadingRules.current.generation
        return await cycle.fetchArticle(url: url, known: known, conditional: true) { _ throws(StoreError) in
            [url: snapshot]
        }
    }

    @Test func anUnchangedFileIsNotSentAgainAndAReplacedOneIsRead() async throws {
        let file = File(Self.fixture("report-office.docx"), etag: "\"v1\"")
        let server = try Self.server(file)
        let reader = AttachmentReader(mode: .inProcess)
        let cycle = Self.cycle(server, reader)
        let url = server.url("/a")
        guard case let .extracted(first, hash, _) = await cycle.fetchArticle(url: url, known: nil, conditional: false)
        else { throw Failure("the report was not read from its file") }
        #expect(first.entries.count == 4)
        #expect(first.attachments.first?.etag == "\"v1\"")
        #expect(first.attachments.first?.lastModified == "Tue, 10 Oct 2023 08:00:00 GMT")
        #expect(first.attachments.first?.type == "docx")

        // Unchanged: asked with its ETag, answered 304, read as before:
        // the report and the record of its file as stored, nothing to write.
        guard case .notModified = await Self.recheck(cycle, url, stored: first) else {
            throw Failure("the recheck did not read the report as stored")
        }
        #expect(file.state.withLock { $0.asked } == [nil, "\"v1\""])
        #expect(file.state.withLock { $0.notModified } == 1)

        // Replaced by a workbook of the same rows: sent whole, read, its new digest and ETag recorded.
        file.state.withLock {
            $0.bytes = Self.fixture("report-office.xlsx")
            $0.etag = "\"v2\""
        }
        guard case let .extracted(third, thirdHash, _) = await Self.recheck(cycle, url, stored: first) else {
            throw Failure("the replaced file was not read")
        }
        #expect(thirdHash == hash && third.attachments.first?.type == "xlsx")
        #expect(
            third.attachments.first?.etag == "\"v2\""
                && third.attachments.first?.sha256 != first.attachments.first?.sha256)
        #expect(file.state.withLock { $0.notModified } == 1)

        // A process that holds no page of it (a restart) asks for it whole,
        // and finds it as stored.
        let restarted = Self.cycle(server, AttachmentReader(mode: .inProcess))
        guard case .notModified = await Self.recheck(restarted, url, stored: third) else {
            throw Failure("the report was not read as stored after a restart")
        }
        #expect(file.state.withLock { $0.asked.last } == .some(nil))
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
