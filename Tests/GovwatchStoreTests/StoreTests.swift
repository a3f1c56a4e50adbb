import Foundation
import GRDB
import GovwatchCore
import Testing

@testable import GovwatchStore

/// The store on a real SQLite file: what a cycle commits is what the next
/// one reads, column by column, and the outbox hands alerts over once.
@Suite("The store")
struct StoreTests {
    static func temporaryStore() throws -> (GovwatchStore, String) {
        let folder = NSTemporaryDirectory() + "store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (try GovwatchStore(path: folder + "/govwatch.sqlite"), folder)
    }

    static let snapshot: DocumentSnapshot = {
        var snapshot = DocumentSnapshot(
            title: "2026年重点工作",
            entries: [
                ReportEntry(
                    key: "k1", number: "1", section: "一、", task: "任务", leadUnits: ["市发改委"], progress: ["①完成"],
                    extras: ["备注": "无"])
            ])
        snapshot.publishedAt = "2026-06-30T00:00:00Z"
        return snapshot
    }()

    @Test func aCommittedDocumentReadsBackFieldByField() async throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var document = StoredDocument(
            url: "http://a.test/art/1.html", source: "s", listedTitle: "标题", listedDate: "2026-06-30",
            snapshot: Self.snapshot, status: .unparsed, lastError: "why",
            firstSeenAt: Timestamp(epochSeconds: 100), lastCheckedAt: Timestamp(epochSeconds: 200),
            lastChangedAt: Timestamp(epochSeconds: 150), etag: "\"e\"", lastModified: "Tue", listed: true)
        var state = SourceState(name: "s")
        state.baselineDone = true
        state.listingEtag = "\"l\""
        try await store.commit(
            CycleCommit(source: state, documents: [document], alerts: [], createdAt: Timestamp(epochSeconds: 200)))

        let lean = try await store.documents(source: "s", snapshots: false)
        document.snapshot = nil
        #expect(lean == [document])
        let full = try await store.document(source: "s", url: document.url)
        #expect(full?.snapshot == Self.snapshot)
        #expect(full?.contentHash == Self.snapshot.contentHash)
        #expect(full?.publishedAt == "2026-06-30T00:00:00Z")
        #expect(try await store.sourceState("s") == state)
        #expect(try await store.sourceState("unknown") == SourceState(name: "unknown"))
    }

    /// A document the commit names as changed in its check time alone
    /// (``CycleCommit/checkedOnly``) has that column written and no other;
    /// one the commit records for the first time is written whole.
    @Test func aCheckTimeAloneIsWrittenAlone() async throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stored = StoredDocument(
            url: "http://a.test/art/1.html", source: "s", listedTitle: "标题", snapshot: Self.snapshot,
            firstSeenAt: Timestamp(epochSeconds: 100), lastCheckedAt: Timestamp(epochSeconds: 200), etag: "\"e\"",
            listed: true)
        let state = SourceState(name: "s")
        try await store.commit(
            CycleCommit(source: state, documents: [stored], alerts: [], createdAt: Timestamp(epochSeconds: 200)))
        var checked = stored
        checked.lastCheckedAt = Timestamp(epochSeconds: 300)
        // Fields no check-time commit ever changes: they must stay as stored.
        checked.etag = "\"other\""
        checked.listedTitle = "另一个标题"
        try await store.commit(
            CycleCommit(
                source: state, documents: [checked], alerts: [], createdAt: Timestamp(epochSeconds: 300),
                changedSnapshots: [], firstRecorded: [], checkedOnly: [checked.url]))
        var expected = stored
        expected.snapshot = nil
        expected.lastCheckedAt = Timestamp(epochSeconds: 300)
        #expect(try await store.documents(source: "s", snapshots: false) == [expected])
        // Recorded for the first time (a URL re-posted): written whole.
        try await store.commit(
            CycleCommit(
                source: state, documents: [checked], alerts: [], createdAt: Timestamp(epochSeconds: 300),
                changedSnapshots: [], firstRecorded: [checked.url], checkedOnly: [checked.url]))
        checked.snapshot = nil
        #expect(try await store.documents(source: "s", snapshots: false) == [checked])
    }

    @Test func theOutboxHoldsAnAlertUntilSpooledAndLogged() async throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let alert = AlertFactory(source: "s", detectedAt: now).failing(failures: 3, error: "HTTP 500", episode: now)
        let commit = CycleCommit(source: SourceState(name: "s"), documents: [], alerts: [alert], createdAt: now)
        try await store.commit(commit)
        try await store.commit(commit)  // the same alert again: kept once
        #expect(try await store.pendingAlerts().map(\.id) == [alert.id])
        try await store.markSpooled([alert.id], at: now)
        #expect(try await store.pendingAlerts().map(\.id) == [alert.id])
        try await store.markLogged([alert.id], at: now)
        #expect(try await store.pendingAlerts().isEmpty)
        #expect(try await store.alerts().map(\.kind) == ["source.failing"])
    }

    /// Two cycles that found one article at once (two sources listing it):
    /// the first commit's source keeps it; the second's document and its
    /// alerts are dropped in the same transaction and the listing recorded.
    @Test func aURLAnotherSourceStoredFirstIsNotStoredTwice() async throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let url = "http://a.test/art/1.html"
        func commit(_ source: String) async throws {
            let document = StoredDocument(url: url, source: source, snapshot: Self.snapshot, firstSeenAt: now)
            let alert = AlertFactory(source: source, detectedAt: now).published(
                url: url, snapshot: Self.snapshot, previous: nil)
            try await store.commit(
                CycleCommit(source: SourceState(name: source), documents: [document], alerts: [alert], createdAt: now))
        }
        try await commit("first")
        try await commit("second")
        #expect(try await store.allDocuments().map(\.source) == ["first"])
        #expect(try await store.alerts().map(\.source) == ["first"])
        #expect(try await store.urlsHeldElsewhere(source: "second", urls: [url, "http://a.test/art/2.html"]) == [url])
        #expect(try await store.urlsHeldElsewhere(source: "first", urls: [url]).isEmpty)
        let overlaps = try #require(GovwatchStore.overlappingSources(inStoreAt: folder + "/govwatch.sqlite"))
        #expect(overlaps.map(\.sources) == [["first", "second"]] && overlaps.map(\.articles) == [1])
    }

    @Test func aFileThatIsNotADatabaseIsRefusedByName() throws {
        let folder = NSTemporaryDirectory() + "store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: folder + "/govwatch.sqlite"))
        #expect(throws: StoreError.self) { try GovwatchStore(path: folder + "/govwatch.sqlite") }
        do { _ = try GovwatchStore(path: folder + "/govwatch.sqlite") } catch {
            #expect(error.code == .corrupt)
            #expect(error.description.hasPrefix(folder + "/govwatch.sqlite: database is corrupt"))
        }
    }

    @Test func documentColumnsAreTheTablesColumns() async throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let columns = try await store.read { db in try db.columns(in: "document").map(\.name) }
        #expect(Set(DocumentColumn.allCases.map(\.name)) == Set(columns))
    }

    /// A source's state is decoded by column index: the list it reads is
    /// the table's, so a column added later is not silently left out, and
    /// every field reads back as written, through each way it is read.
    @Test func sourceColumnsAreTheTablesColumns() async throws {
        let (store, folder) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let columns = try await store.read { db in try db.columns(in: "source").map(\.name) }
        let read = StoreRows.sourceColumns.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(read == columns)

        var state = SourceState(name: "s")
        state.baselineDone = true
        state.consecutiveFailures = 2
        state.failingSince = Timestamp(epochSeconds: 11)
        state.failingAlerted = true
        state.lastError = "HTTP 500"
        state.lastAttemptAt = Timestamp(epochSeconds: 12)
        state.lastSuccessAt = Timestamp(epochSeconds: 13)
        state.nextDueAt = Timestamp(epochSeconds: 14)
        state.listingEtag = "\"l\""
        state.listingLastModified = "Tue, 01 Dec 2026 00:00:00 GMT"
        state.listingReadWholeAt = Timestamp(epochSeconds: 15)
        state.columnsFingerprint = "f"
        try await store.commit(
            CycleCommit(source: state, documents: [], alerts: [], createdAt: Timestamp(epochSeconds: 16)))
        #expect(try await store.sourceState("s") == state)
        #expect(try await store.sourceStates() == ["s": state])
        #expect(try await store.cycleStart(source: "s").state == state)
    }
}
