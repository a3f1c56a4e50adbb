import Foundation
import GRDB
import GovwatchCore
import Testing

@testable import GovwatchStore

/// The store trains zstd dictionaries from its own snapshots and compresses
/// new rows with them; every row, older or newer, reads back the same, in
/// this process and in one that opens the store afterwards.
@Suite("Store compression with trained dictionaries")
struct DictionaryTests {
    /// `count` characters of Chinese text that do not repeat within a
    /// report (so a plain frame gains little) but do across reports when
    /// drawn with the same `seed`, as a series' tasks and units do.
    static func text(_ seed: Int, _ count: Int) -> String {
        var state = UInt64(bitPattern: Int64(seed)) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return String(
            (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Character(Unicode.Scalar(0x4E00 + UInt32(state >> 33) % 3000)!)
            })
    }

    /// Report `number` of a series: the same 120 tasks and units in every
    /// report, progress of its own.
    static func report(_ number: Int) -> DocumentSnapshot {
        DocumentSnapshot(
            title: "2023年度市政府工作报告重点工作任务第\(number)期",
            entries: (1...120).map { row in
                ReportEntry(
                    key: "k\(row)", number: "\(row)", section: nil, task: text(row, 40),
                    leadUnits: [text(-row, 5)], progress: [text(number * 1000 + row, 20)], extras: [:])
            })
    }

    static func commit(_ numbers: ClosedRange<Int>, to store: GovwatchStore) async throws {
        for number in numbers {
            let document = StoredDocument(
                url: "http://h/art_\(number).html", source: "s",
                snapshot: report(number), firstSeenAt: Timestamp(epochSeconds: 100))
            try await store.commit(
                CycleCommit(
                    source: SourceState(name: "s"), documents: [document], alerts: [],
                    createdAt: Timestamp(epochSeconds: 100)))
        }
    }

    static func storedSnapshots(_ store: GovwatchStore) async throws -> [String: Data] {
        try await store.read { db in
            var rows: [String: Data] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT url, snapshot FROM document_snapshot") {
                rows[row[0]] = row[1]
            }
            return rows
        }
    }

    @Test func rowsWrittenAfterTheEighthSnapshotUseADictionaryAndAllReadBack() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.commit(1...7, to: store)
        #expect(store.compression.current == nil)
        try await Self.commit(8...8, to: store)
        let dictionary = try #require(store.compression.current)
        let kept = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM zstd_dictionary") }
        #expect(kept == 1)
        try await Self.commit(9...12, to: store)

        let rows = try await Self.storedSnapshots(store)
        for number in 1...8 { #expect(Zstd.dictionaryID(rows["http://h/art_\(number).html"]!) == 0) }
        for number in 9...12 {
            let row = try #require(rows["http://h/art_\(number).html"])
            #expect(Zstd.dictionaryID(row) == dictionary.id)
            // Three quarters at most of the same report without the dictionary.
            #expect(row.count * 4 < SnapshotCoding.encode(Self.report(number)).count * 3)
        }
        let expected = Dictionary(
            uniqueKeysWithValues: (1...12).map { ("http://h/art_\($0).html", Self.report($0)) })
        #expect(try await store.snapshots(source: "s", urls: nil) == expected)
        // As the site reads them: each with the very bytes of its row.
        let stored = try await store.storedSnapshots(source: "s", urls: Array(expected.keys) + ["http://h/none"])
        #expect(stored.mapValues(\.snapshot) == expected && stored.mapValues(\.stored) == rows)
        // Read as a series, each beside the report before it: the same.
        let inOrder = (1...12).map { "http://h/art_\($0).html" }
        let beside = try await store.storedSnapshots(source: "s", urls: inOrder, after: Self.report(0))
        #expect(beside.mapValues(\.snapshot) == expected)

        // Opened again (as the next run of the daemon would), it reads every row and keeps the dictionary.
        let reopened = try GovwatchStore(path: store.path)
        #expect(try await reopened.snapshots(source: "s", urls: nil) == expected)
        #expect(reopened.compression.current?.id == dictionary.id)
    }

    /// A process that opened the store before another trained a dictionary
    /// finds it in the store when a frame names it.
    @Test func aDictionaryTrainedElsewhereIsLoadedWhenAFrameNamesIt() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let registry = ZstdDictionaries()
        _ = try await store.read { db in try registry.load(store: store.path, db) }
        try await Self.commit(1...8, to: store)
        let id = try #require(store.compression.current?.id)
        #expect(registry.dictionary(id: id)?.bytes == store.compression.current?.bytes)
        #expect(registry.dictionary(id: id &+ 1) == nil)
    }

    @Test func aFrameNamingAnUnknownDictionaryReadsAsDamaged() throws {
        // Reports no other test stores: no store this process opened holds this dictionary.
        let layouts = (201...208).map { SnapshotCoding.layout(CompressionMigrationTests.report($0)) }
        let stranger = try #require(ZstdDictionary.train(from: layouts))
        let frame = stranger.compress(layouts[0])
        #expect(Zstd.dictionaryID(frame) == stranger.id)
        #expect(SnapshotCoding.decode(frame) == nil)
        #expect(SnapshotCoding.heading(frame) == nil)
    }

    /// Every layout a row may hold (JSON, GWS1, GWS2, GWS3 with attached
    /// files) reads back the same when its frame names a dictionary.
    @Test func everyStoredLayoutRoundTripsThroughADictionary() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.commit(1...8, to: store)
        let dictionary = try #require(store.compression.current)
        var attached = Self.report(9)
        attached.attachments = [
            AttachedFile(name: "表.xlsx", url: "http://h/t.xlsx", bytes: 7, sha256: "ff", entries: 120)
        ]
        let report = Self.report(10)
        let layouts: [(String, [UInt8], DocumentSnapshot)] = [
            ("JSON", [UInt8](try JSONEncoder().encode(report)), report),
            ("GWS1", [UInt8](CompressionMigrationTests.layout1(report)), report),
            ("GWS2", SnapshotCoding.layout(report), report),
            ("GWS3", SnapshotCoding.layout(attached), attached),
        ]
        for (name, layout, snapshot) in layouts {
            let frame = Zstd.compress(layout, dictionary: dictionary)
            #expect(Zstd.dictionaryID(frame) == dictionary.id, "\(name)")
            #expect(SnapshotCoding.decode(frame) == snapshot, "\(name)")
            #expect(SnapshotCoding.heading(frame)?.entryCount == snapshot.entries.count, "\(name)")
        }
    }

    /// Commits `count` documents from `first` on, each holding `snapshot`.
    static func commit(_ snapshot: DocumentSnapshot, count: Int, from first: Int, to store: GovwatchStore) async throws
    {
        for number in first..<(first + count) {
            let document = StoredDocument(
                url: "http://h/same_\(number).html", source: "s", snapshot: snapshot,
                firstSeenAt: Timestamp(epochSeconds: 1))
            try await store.commit(
                CycleCommit(
                    source: SourceState(name: "s"), documents: [document], alerts: [],
                    createdAt: Timestamp(epochSeconds: 1)))
        }
    }

    /// A training that made the dictionary the store keeps already (reports
    /// alike train alike) is kept on record: a process that opens the store
    /// afterwards trains again only once the store has grown eightfold, as
    /// the process that trained would. One that made nothing (too little
    /// text) is not: the next process tries again.
    @Test func aTrainingIsDoneAgainByTheNextProcessOnlyWhenItMadeNothing() async throws {
        let (store, folder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Larger than an eighth of the text trained from: the trainings at 8
        // and at 64 snapshots read the same seven copies, so make the same dictionary.
        let large = DocumentSnapshot(
            title: "同一报告",
            entries: (1...120).map { row in
                ReportEntry(
                    key: "k\(row)", number: "\(row)", section: nil, task: Self.text(row, 40),
                    leadUnits: [Self.text(-row, 5)],
                    progress: [Self.text(row * 7, 400)], extras: [:])
            })
        #expect(SnapshotCoding.layout(large).count > StoreCompression.trainingBytes / 8)
        try await Self.commit(large, count: 8, from: 1, to: store)
        let first = try #require(store.compression.current)
        try await Self.commit(large, count: 56, from: 9, to: store)
        let kept = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM zstd_dictionary") }
        try #require(kept == 1 && store.compression.current?.bytes == first.bytes)  // trained again, the same
        let reopened = try GovwatchStore(path: store.path)
        #expect(!reopened.compression.wrote(1))  // 65 held: next due at 512
        #expect(!reopened.compression.wrote(446))
        #expect(reopened.compression.wrote(1))

        let (small, smallFolder) = try StoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: smallFolder) }
        let short = DocumentSnapshot(
            title: "短",
            entries: [
                ReportEntry(
                    key: "k", number: "1", section: nil, task: "任务", leadUnits: [], progress: ["1"], extras: [:])
            ])
        try await Self.commit(short, count: 8, from: 1, to: small)
        #expect(small.compression.current == nil)
        #expect(try GovwatchStore(path: small.path).compression.wrote(1))
    }

    @Test func tooLittleTextTrainsNothing() {
        #expect(ZstdDictionary.train(from: []) == nil)
        #expect(ZstdDictionary.train(from: [Array("短".utf8)]) == nil)
    }
}
