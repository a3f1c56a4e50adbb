import Foundation
import GRDB
import GovwatchCore
import Testing

@testable import GovwatchStore

/// The version of the stored headings (the publication calendar's input):
/// SQLite's triggers move it with every change a heading can show, and
/// leave it alone when a recheck rewrites a document's row unchanged.
@Suite("The store: the headings' version and the calendar's judgment")
struct HeadingsVersionTests {
    static let url = "http://a.test/art/1.html"

    static func document(_ snapshot: DocumentSnapshot?, checked: Double) -> StoredDocument {
        StoredDocument(
            url: url, source: "s", snapshot: snapshot, firstSeenAt: Timestamp(epochSeconds: 100),
            lastCheckedAt: Timestamp(epochSeconds: checked))
    }

    static func commit(
        _ store: GovwatchStore, _ documents: [StoredDocument], changed: Set<String>? = nil
    ) async throws {
        try await store.commit(
            CycleCommit(
                source: SourceState(name: "s"), documents: documents, alerts: [],
                createdAt: Timestamp(epochSeconds: 200), changedSnapshots: changed))
    }

    @Test func movesWithEveryChangeAHeadingCanShowAndOnlyThen() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var versions = [try await store.calendarMarks().headingsVersion]
        func step(_ sql: String? = nil) async throws {
            if let sql { try await store.write { db in try db.execute(sql: sql) } }
            versions.append(try await store.calendarMarks().headingsVersion)
        }
        try await Self.commit(store, [Self.document(nil, checked: 200)])
        try await step()  // a document without a snapshot (an unread page)
        try await Self.commit(store, [Self.document(StoreTests.snapshot, checked: 250)])
        try await step()  // its snapshot, and nothing else a heading reads
        try await Self.commit(store, [Self.document(StoreTests.snapshot, checked: 300)], changed: [])
        try await step()  // a 304: the row rewritten with a later check time
        try await Self.commit(store, [Self.document(StoreTests.snapshot, checked: 400)])
        try await step()  // the same snapshot written again, byte for byte
        var retitled = StoreTests.snapshot
        retitled.title = "2026年重点工作半年度完成情况"
        try await Self.commit(store, [Self.document(retitled, checked: 500)])
        try await step()  // the snapshot changed
        try await step("UPDATE document SET first_seen_at = 50")  // what orders the headings
        try await step("UPDATE document SET url = url, source = source, first_seen_at = first_seen_at")
        try await step("UPDATE document SET source = 't'")
        try await step("UPDATE document_snapshot SET url = 'http://a.test/art/2.html'")
        try await step("DELETE FROM document_snapshot")
        try await step("DELETE FROM document")

        let moved = zip(versions, versions.dropFirst()).map { $1 > $0 }
        #expect(moved == [true, true, false, false, true, true, false, true, true, true, true])
    }

    /// A judgment is recorded with the alerts it raised, in one transaction:
    /// when the alerts cannot be written, neither is the judgment.
    @Test func aJudgmentIsRecordedExactlyWhenItsAlertsAre() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try await store.calendarMarks().lastJudgment == nil)
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let alert = AlertFactory(source: "s", detectedAt: now).failing(failures: 3, error: "HTTP 500", episode: now)
        #expect(try await store.recordCalendarJudgment([alert], at: now, inputs: "first").map(\.id) == [alert.id])
        #expect(try await store.calendarMarks().lastJudgment == "first")
        #expect(try await store.recordCalendarJudgment([], at: now, inputs: "second").isEmpty)
        #expect(try await store.calendarMarks().lastJudgment == "second")
        _ = try await store.insertAlerts([], at: now)
        #expect(try await store.calendarMarks().lastJudgment == "second")  // alerts alone record none

        try await store.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'full'); END")
        }
        let episode = Timestamp(epochSeconds: 1_800_100_000)
        let later = AlertFactory(source: "s", detectedAt: now).failing(failures: 4, error: "HTTP 500", episode: episode)
        await #expect(throws: StoreError.self) {
            try await store.recordCalendarJudgment([later], at: now, inputs: "third")
        }
        #expect(try await store.calendarMarks().lastJudgment == "second")
        #expect(try await store.alerts().map(\.id) == [alert.id])
    }

    /// A snapshot whose heading cannot be read is counted, not skipped
    /// silently: the calendar does not record a judgment made without it.
    @Test func anUnreadableSnapshotIsCounted() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.commit(store, [Self.document(StoreTests.snapshot, checked: 200)])
        var read = try await store.calendarHeadings()
        #expect(read.headings.map(\.title) == ["2026年重点工作"] && read.unreadable == 0)
        #expect(read.version == (try await store.calendarMarks().headingsVersion))
        // A zstd frame's magic number, then nothing a decoder can use.
        try await store.write { db in
            try db.execute(sql: "UPDATE document_snapshot SET snapshot = X'28B52FFD00FFFFFFFF'")
        }
        read = try await store.calendarHeadings()
        #expect(read.headings.isEmpty && read.unreadable == 1)
    }
}
