import Foundation
import GRDB
import GovwatchCore
import Synchronization

/// Which dictionary new rows are compressed with, and when the next one is
/// trained: the first when the store holds ``firstTraining`` snapshots,
/// each next when it holds ``growth`` times as many as at the last (8, 64,
/// 512 … 32,768: six dictionaries of ≤ 110 KB for 100,000 documents), so
/// training (~0.3 s of CPU on 1 MB) is rare and a dictionary follows what
/// the store holds now (a new city's reports, a new year's tasks).
final class StoreCompression: Sendable {
    static let firstTraining = 8
    static let growth = 8
    /// Snapshots a dictionary is trained from: the newest, ≤ 1 MB of layouts
    /// (ten seed-size reports; zstd wants ten times the dictionary's size).
    static let trainingDocuments = 16
    static let trainingBytes = 1 << 20

    private struct State {
        var current: ZstdDictionary?
        /// Snapshots the store holds (counted at open, then as written).
        var snapshots = 0
        /// Snapshots it held when the current dictionary was trained (or tried).
        var trainedAt = 0
        var training = false
    }
    private let state = Mutex(State())

    /// The dictionary new rows are compressed with (nil: none yet).
    var current: ZstdDictionary? { state.withLock { $0.current } }

    func opened(current: ZstdDictionary?, snapshots: Int, trainedAt: Int) {
        state.withLock { $0 = State(current: current, snapshots: snapshots, trainedAt: trainedAt) }
    }

    /// Counts `written` snapshots; true when a dictionary is due, and then
    /// the caller trains it (one at a time) and calls ``trained(_:at:)``.
    func wrote(_ written: Int) -> Bool {
        state.withLock { state in
            state.snapshots += written
            let due = max(Self.firstTraining, state.trainedAt * Self.growth)
            guard !state.training, written > 0, state.snapshots >= due else { return false }
            state.training = true
            return true
        }
    }

    /// Training ended: `dictionary` (when one was made) compresses from now.
    /// Either way the next try waits for the store to grow again.
    func trained(_ dictionary: ZstdDictionary?, at snapshots: Int) {
        state.withLock { state in
            state.training = false
            state.trainedAt = snapshots
            if let dictionary { state.current = dictionary }
        }
    }

    var snapshots: Int { state.withLock { $0.snapshots } }
}

extension GovwatchStore {
    /// Reads the store's dictionaries (making the newest the one new rows
    /// use) and how many snapshots it holds. At open, after migrations.
    func openCompression() throws {
        let (dictionaries, snapshots, tried) = try pool.read { db in
            (
                try ZstdDictionaries.shared.load(store: path, db),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document_snapshot") ?? 0,
                try Int.fetchOne(db, sql: "SELECT value FROM store_counter WHERE name = ?", arguments: [Self.trainedAt])
            )
        }
        compression.opened(
            current: dictionaries.last?.dictionary, snapshots: snapshots,
            trainedAt: max(dictionaries.last?.documents ?? 0, tried ?? 0))
    }

    /// The `store_counter` row that keeps how many snapshots the store held
    /// at the last training that made a dictionary, a new one or the one
    /// kept already. Counted from the last dictionary kept instead, a
    /// training that made the very dictionary kept before was done again
    /// by every process that opened the store: ~0.15 s of CPU in each
    /// `govwatch once` (perf), a sixth of the bench's mixed cycle, whose
    /// near-identical reports train the same dictionary every time.
    static let trainedAt = "dictionary_trained_at"

    /// After a commit that wrote `written` snapshots: trains the next
    /// dictionary when one is due. Compression only saves space, so a
    /// failure here changes nothing and is tried again when the store has
    /// grown; the dictionary's row is committed before any row uses it, so
    /// a kill at any point leaves every row readable.
    func trainDictionaryIfDue(wrote written: Int, at time: Timestamp) async {
        guard compression.wrote(written) else { return }
        var snapshots = compression.snapshots
        var trained: ZstdDictionary?
        defer { compression.trained(trained, at: snapshots) }
        // What the store holds now (counted rows, not writes: a snapshot
        // rewritten in place is one row), and its newest documents' snapshots.
        guard
            let (held, stored) = try? await read({ db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document_snapshot") ?? 0,
                    try Data.fetchAll(
                        db,
                        sql:
                            "SELECT snapshot FROM document_snapshot WHERE snapshot IS NOT NULL ORDER BY rowid DESC LIMIT ?",
                        arguments: [StoreCompression.trainingDocuments])
                )
            })
        else { return }
        snapshots = held
        var layouts: [[UInt8]] = []
        var total = 0
        for row in stored {
            guard let layout = SnapshotCoding.layout(stored: row),
                total + layout.count <= StoreCompression.trainingBytes
            else { continue }
            layouts.append(layout)
            total += layout.count
        }
        // A training that made nothing (too little text, which costs
        // nothing, or ZDICT's refusal) is not recorded: the next process
        // tries again, as before.
        guard let dictionary = ZstdDictionary.train(from: layouts), ZstdDictionaries.shared.register(dictionary) else {
            return
        }
        let documents = snapshots
        let saved: Void? = try? await write { db in
            // Ignored when it is the dictionary kept already; the attempt is recorded either way.
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO zstd_dictionary (id, dictionary, trained_at, documents) VALUES (?, ?, ?, ?)",
                arguments: [Int64(dictionary.id), Data(dictionary.bytes), time.epochSeconds, documents])
            try db.execute(
                sql: """
                    INSERT INTO store_counter (name, value) VALUES (?, ?)
                    ON CONFLICT(name) DO UPDATE SET value = excluded.value
                    """, arguments: [Self.trainedAt, documents])
        }
        if saved != nil { trained = dictionary }
    }
}
