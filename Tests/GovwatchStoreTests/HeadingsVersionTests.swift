import Foundation
import GRDB
import GovwatchCore
import Testing

@testable import GovwatchStore

/// The version of the stored headings (the publication calendar's input):
/// SQLite's triggers move it with every change a heading can show, and
/// leave it alone when a recheck rewrites a document's row unchanged.
@Suite("The store: the headings' version")
struct HeadingsVersionTests {
    static let url = "http://a.test/art/1.html"

    static func document(_ snapshot: DocumentSnapshot, checked: Double) -> StoredDocument {
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
        var versions = [try await store.headingsVersion()]
        func record() async throws { versions.append(try await store.headingsVersion()) }

        try await Self.commit(store, [Self.document(StoreTests.snapshot, checked: 200)])
        try await record()  // a new document and its snapshot
        try await Self.commit(store, [Self.document(StoreTests.snapshot, checked: 300)], changed: [])
        try await record()  // a 304: the row rewritten with a later check time
        try await Self.commit(store, [Self.document(StoreTests.snapshot, checked: 400)])
        try await record()  // the same snapshot written again, byte for byte
        var retitled = StoreTests.snapshot
        retitled.title = "2026年重点工作半年度完成情况"
        try await Self.commit(store, [Self.document(retitled, checked: 500)])
        try await record()  // the snapshot changed
        try await store.write { db in try db.execute(sql: "UPDATE document SET first_seen_at = 50") }
        try await record()  // what orders the headings
        try await store.write { db in try db.execute(sql: "DELETE FROM document_snapshot") }
        try await record()
        try await store.write { db in try db.execute(sql: "DELETE FROM document") }
        try await record()

        let moved = zip(versions, versions.dropFirst()).map { $1 > $0 }
        #expect(moved == [true, false, false, true, true, true, true])
        #expect(try await store.reportHeadings(includingEmpty: true).isEmpty)
    }

    /// A judgment is recorded with the alerts it raised, in one transaction,
    /// and the last one recorded is what the store gives back.
    @Test func theCalendarsJudgmentIsRecordedWithItsAlerts() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try await store.calendarJudgment() == nil)
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let alert = AlertFactory(source: "s", detectedAt: now).failing(failures: 3, error: "HTTP 500", episode: now)
        #expect(try await store.insertAlerts([alert], at: now, calendarJudgment: "first").map(\.id) == [alert.id])
        #expect(try await store.calendarJudgment() == "first")
        #expect(try await store.insertAlerts([], at: now, calendarJudgment: "second").isEmpty)
        #expect(try await store.calendarJudgment() == "second")
        _ = try await store.insertAlerts([], at: now)
        #expect(try await store.calendarJudgment() == "second")  // alerts alone record no judgment
        #expect(try await store.alerts().map(\.id) == [alert.id])
    }
}
