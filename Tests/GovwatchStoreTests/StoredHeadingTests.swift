import Foundation
import GRDB
import GovwatchCore
import Testing

@testable import GovwatchStore

/// Each snapshot's heading is stored beside it, so that headings are read
/// without decompressing snapshots; a row without one (written before the
/// column, or by code that does not know it) is read from its snapshot.
@Suite("Headings stored beside snapshots")
struct StoredHeadingTests {
    static func expectSame(_ heading: SnapshotCoding.Heading?, _ snapshot: DocumentSnapshot) {
        #expect(heading?.metadata == snapshot.metadata)
        #expect(heading?.kind == snapshot.kind && heading?.entryCount == snapshot.entries.count)
    }

    /// A heading reads back whatever the snapshot's form, its entry count
    /// larger than the heading's own bytes; damage reads as nil.
    @Test func aStoredHeadingReadsBack() throws {
        var assignment = CompressionMigrationTests.report(3)
        assignment.kind = .assignment
        assignment.metadata.publisher = "舟山市人民政府办公室"
        assignment.attachments = [
            AttachedFile(name: "完成情况.docx", url: "http://h/a.docx", bytes: 1222, sha256: "ab", entries: 120)
        ]
        for snapshot in [CompressionMigrationTests.report(1), assignment, DocumentSnapshot(title: nil, entries: [])] {
            let bytes = SnapshotCoding.headingBytes(snapshot)
            #expect(bytes.count < 300)
            Self.expectSame(SnapshotCoding.storedHeading(bytes), snapshot)
            Self.expectSame(SnapshotCoding.heading(stored: bytes, snapshot: nil), snapshot)
            Self.expectSame(SnapshotCoding.heading(stored: nil, snapshot: SnapshotCoding.encode(snapshot)), snapshot)
            for cut in [1, 8, 12] { #expect(SnapshotCoding.storedHeading(bytes.prefix(bytes.count - cut)) == nil) }
            #expect(SnapshotCoding.storedHeading(bytes + [0]) == nil)
        }
        #expect(SnapshotCoding.storedHeading(SnapshotCoding.encode(assignment)) == nil)
        // Every write differs, so that SQLite tells this code's writes from others'.
        #expect(SnapshotCoding.headingBytes(assignment) != SnapshotCoding.headingBytes(assignment))
    }

    static func commit(_ store: GovwatchStore, _ snapshot: DocumentSnapshot, url: String) async throws {
        let document = StoredDocument(
            url: url, source: "s", snapshot: snapshot, firstSeenAt: Timestamp(epochSeconds: 100),
            lastCheckedAt: Timestamp(epochSeconds: 100))
        try await store.commit(
            CycleCommit(
                source: SourceState(name: "s"), documents: [document], alerts: [],
                createdAt: Timestamp(epochSeconds: 200)))
    }

    static func storedHeadings(_ store: GovwatchStore) async throws -> [Data?] {
        try await store.read { db in try Data?.fetchAll(db, sql: "SELECT heading FROM document_snapshot ORDER BY url") }
    }

    /// A commit writes the heading with the snapshot, also when only the
    /// entries changed; a snapshot rewritten without it (as an older build
    /// would) loses it, and its heading is read from the snapshot again.
    @Test func aSnapshotWrittenWithoutItsHeadingIsReadWhole() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let url = "http://h/art_1.html"
        var report = CompressionMigrationTests.report(1)
        try await Self.commit(store, report, url: url)
        report.entries[0].progress = ["已完成。"]
        try await Self.commit(store, report, url: url)
        #expect(try await Self.storedHeadings(store).allSatisfy { $0 != nil })
        #expect(try await store.reportHeadings().map(\.title) == [report.title])

        var retitled = report
        retitled.title = "2023年度市政府工作报告重点工作任务第2期"
        retitled.entries.removeLast()
        let (rewritten, other) = (SnapshotCoding.encode(retitled), SnapshotCoding.encode(report))
        try await store.write { db in
            // The upsert of the builds before the column.
            try db.execute(
                sql: """
                    INSERT INTO document_snapshot (source, url, snapshot) VALUES ('s', ?, ?)
                    ON CONFLICT(source, url) DO UPDATE SET snapshot = excluded.snapshot
                    """, arguments: [url, rewritten])
            try db.execute(
                sql:
                    "INSERT INTO document (url, source, status, first_seen_at) VALUES ('http://h/art_2.html', 's', 'active', 300)"
            )
            try db.execute(
                sql: "INSERT INTO document_snapshot (source, url, snapshot) VALUES ('s', 'http://h/art_2.html', ?)",
                arguments: [other])
        }
        #expect(try await Self.storedHeadings(store) == [nil, nil])
        let headings = try await store.reportHeadings()
        #expect(headings.map(\.title) == [retitled.title, report.title])
        #expect(headings.map(\.entryCount) == [119, 120])
        #expect(try await store.reportHeading(url: url)?.title == retitled.title)

        // A stored heading that cannot be read is read from its snapshot.
        try await store.write { db in try db.execute(sql: "UPDATE document_snapshot SET heading = x'4757483100'") }
        #expect(try await Self.storedHeadings(store).allSatisfy { $0 != nil })
        #expect(try await store.reportHeadings().map(\.title) == [retitled.title, report.title])
        #expect(try await store.reportHeading(url: url)?.title == retitled.title)
    }

    /// A store of the schema before the column opens with every row's
    /// heading filled from its snapshot, and reads the same headings. Its
    /// rows name a dictionary that only the store holds: the migration runs
    /// before the store is opened and loads its dictionaries.
    @Test func aStoreOfTheSchemaBeforeGetsItsHeadings() async throws {
        let folder = NSTemporaryDirectory() + "store-v12-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/govwatch.sqlite"
        // Reports no other test stores: no store this process opened holds their dictionary.
        let reports = (301...330).map(CompressionMigrationTests.report)
        let dictionary = try #require(ZstdDictionary.train(from: reports.prefix(8).map(SnapshotCoding.layout)))
        do {
            let pool = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(pool, upTo: "v12-headings-version")
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO zstd_dictionary (id, dictionary, trained_at, documents) VALUES (?, ?, 0, 8)",
                    arguments: [Int64(dictionary.id), Data(dictionary.bytes)])
                for (index, report) in reports.enumerated() {
                    let url = "http://h/art_\(index).html"
                    try db.execute(
                        sql: "INSERT INTO document (url, source, status, first_seen_at) VALUES (?, 's', 'active', ?)",
                        arguments: [url, index])
                    try db.execute(
                        sql: "INSERT INTO document_snapshot (source, url, snapshot) VALUES ('s', ?, ?)",
                        arguments: [url, SnapshotCoding.encode(report, dictionary: index % 3 == 0 ? nil : dictionary)])
                }
            }
        }
        let store = try GovwatchStore(path: path)
        let stored = try await store.read { db in
            try Row.fetchAll(db, sql: "SELECT heading, snapshot FROM document_snapshot ORDER BY rowid").map {
                row -> (Data?, Data) in (row[0], row[1])
            }
        }
        #expect(stored.count == reports.count)
        for (heading, snapshot) in stored {
            let decoded = try #require(SnapshotCoding.decode(snapshot))
            Self.expectSame(heading.flatMap(SnapshotCoding.storedHeading), decoded)
        }
        #expect(try await store.reportHeadings().map(\.title) == reports.map(\.title))
    }
}
