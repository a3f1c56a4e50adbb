import Foundation
import GRDB
import GovwatchCore
import Testing

@testable import GovwatchStore

/// A store written by 0.2's schema (v4: snapshots as GWS1 or JSON, alert
/// payloads as JSON) opens in place: every row is compressed, reads back
/// the same, and the file shrinks.
@Suite("Store migration to compressed rows")
struct CompressionMigrationTests {
    /// A report of 120 tasks with distinct texts, as a snapshot.
    static func report(_ number: Int) -> DocumentSnapshot {
        var snapshot = DocumentSnapshot(
            title: "2023年度市政府工作报告重点工作任务第\(number)期",
            entries: (1...120).map { row in
                ReportEntry(
                    key: "k\(number)-\(row)", number: "\(row)", section: "一、张三市长牵头重点工作",
                    task: "推进第\(row)项重点工作，完成年度投资\(row * 7 % 97)亿元，新开工项目\(row % 13)个。",
                    leadUnits: ["市发改委", "市经信局"],
                    progress: [
                        "上半年完成投资\(row * 3 % 50).\(row % 10)亿元，占年度计划的\(row % 100)%。",
                        "第\(number)期新增项目\(row % 9)个，累计完成前期工作\(row % 5)项。",
                    ], extras: [:])
            })
        snapshot.publishedAt = "2023-07-0\(number % 9 + 1)T10:00:00+08:00"
        return snapshot
    }

    @Test func aStoreOf02OpensCompressed() async throws {
        let folder = NSTemporaryDirectory() + "store-v4-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/govwatch.sqlite"

        // The schema and rows of 0.2: half the snapshots JSON, half layout 1.
        var expected: [String: DocumentSnapshot] = [:]
        let bigAlert = Alert(
            id: "a1", kind: .documentPublished, source: "s", url: "http://h/art_1.html",
            detectedAt: "2023-07-01T02:00:00Z",
            summary: String(repeating: "新报告：第1期（120项任务）", count: 200))
        let bigJSON = try JSONEncoder().encode(bigAlert)
        let rows = try (1...40).map { number -> (url: String, snapshot: DocumentSnapshot, stored: Data) in
            let snapshot = Self.report(number)
            let stored = number % 2 == 0 ? try JSONEncoder().encode(snapshot) : Self.layout1(snapshot)
            return ("http://h/art_\(number).html", snapshot, stored)
        }
        for row in rows { expected[row.url] = row.snapshot }
        do {
            let pool = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(pool, upTo: "v4-host-state")
            try await pool.write { db in
                for row in rows {
                    try db.execute(
                        sql: """
                            INSERT INTO document (url, source, status, first_seen_at, content_hash, published_at)
                            VALUES (?, 's', 'active', 0, ?, ?)
                            """, arguments: [row.url, row.snapshot.contentHash, row.snapshot.publishedAt])
                    try db.execute(
                        sql: "INSERT INTO document_snapshot (source, url, snapshot) VALUES ('s', ?, ?)",
                        arguments: [row.url, row.stored])
                }
                try db.execute(
                    sql: "INSERT INTO outbox (id, kind, source, created_at, payload) VALUES ('a1', ?, 's', 0, ?)",
                    arguments: [bigAlert.kind.rawValue, bigJSON])
            }
        }
        let sizeBefore = try Self.fileSize(path)

        let store = try GovwatchStore(path: path)
        #expect(try await store.snapshots(source: "s", urls: nil) == expected)
        // Read by 0.2's rules: an upgrade reads them once more before alerting.
        #expect(try await store.documents(source: "s", snapshots: false).allSatisfy { $0.readingRules == 1 })
        let raw = try await store.read { db in try Data.fetchAll(db, sql: "SELECT snapshot FROM document_snapshot") }
        #expect(raw.count == 40 && raw.allSatisfy(Zstd.isFrame))
        let alerts = try await store.alerts()
        #expect(alerts.map(\.payload) == [[UInt8](bigJSON)])
        // v7 found the alert's document in its (compressed) payload: the site reads alerts by URL.
        #expect(try await store.alerts(urls: ["http://h/art_1.html"]).map(\.id) == ["a1"])
        let payload = try await store.read { db in try Data.fetchOne(db, sql: "SELECT payload FROM outbox") }
        #expect(payload.map(Zstd.isFrame) == true)
        let sizeAfter = try Self.fileSize(path)
        #expect(sizeAfter * 2 < sizeBefore, "\(sizeBefore) bytes before, \(sizeAfter) after")
    }

    /// Layout 1 as 0.2 wrote it (no kind, no supporting units).
    static func layout1(_ snapshot: DocumentSnapshot) -> Data {
        var writer = SnapshotCoding.Writer()
        writer.bytes += Array("GWS1".utf8)
        for field in [
            snapshot.title, snapshot.indexNumber, snapshot.category, snapshot.publisher, snapshot.generatedDate,
            snapshot.disclosure, snapshot.publishedAt, snapshot.source, snapshot.columnName,
        ] {
            writer.optional(field)
        }
        writer.count(snapshot.entries.count)
        for entry in snapshot.entries {
            writer.string(entry.key)
            writer.optional(entry.number)
            writer.optional(entry.section)
            writer.string(entry.task)
            writer.strings(entry.leadUnits)
            writer.strings(entry.progress)
            writer.count(0)
        }
        return Data(writer.bytes)
    }

    static func fileSize(_ path: String) throws -> Int {
        // The WAL is checkpointed into the file when the last connection closes.
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0)
            + ((try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0)
    }
}
