import Foundation
public import GRDB
import GovwatchCore

/// govwatch's state in SQLite (GRDB, WAL): documents with their last
/// snapshot, source states, and the alert outbox.
///
/// The contract that makes alerts exactly-once: ``commit(_:)`` writes the new
/// state and the alerts it causes in ONE transaction. Delivery reads the
/// outbox afterwards and marks each alert spooled and logged; a crash
/// anywhere leaves either no trace of a cycle or a committed state whose
/// alerts are still in the outbox.
///
/// Other modules keep their own tables in the same file through
/// ``install(_:)`` (the notifiers' ledger does), each with a migrator of its
/// own, so this module never learns their schema.
public final class GovwatchStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// The dictionary new rows are compressed with, and when the next is due.
    let compression = StoreCompression()

    public init(path: String) throws(StoreError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "govwatch"
        // WAL's default synchronous=NORMAL may roll back the last commits on
        // power loss; an alert spooled for such a commit would then describe
        // state that no longer exists. FULL makes every commit durable first.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        Self.restrictMode(path)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let compressedBefore = try pool.read { db in
                try StoreSchema.migrator.appliedIdentifiers(db).contains(StoreSchema.compression)
            }
            try StoreSchema.migrator.migrate(pool)
            // The compression migration frees more than half the file's
            // pages; VACUUM (outside any transaction) gives them back, once.
            if !compressedBefore, try pool.read({ db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0 }) > 0 {
                try pool.vacuum()
                // …and the write-ahead log, which VACUUM filled with a copy of every page.
                try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            }
            try openCompression()
        } catch {
            var failure = StoreError(sqlite: error, path: path)
            if failure.code == .cannotOpen || failure.code == .readOnly, let reason = StoreError.whyNotWritable(path) {
                failure = StoreError(.readOnly, path: path, message: reason)
            }
            throw failure
        }
    }

    /// The state is the service's alone: the database is 0640 whatever the
    /// umask (SQLite gives its `-wal` and `-shm` the database's mode). A
    /// new database is created empty with that mode before SQLite opens it;
    /// an existing one is brought to it. A mode that cannot be set is left
    /// for opening to report.
    static func restrictMode(_ path: String) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { return }
        _ = fchmod(fd, 0o640)
        close(fd)
        for sibling in [path + "-wal", path + "-shm"] { _ = chmod(sibling, 0o640) }
    }

    /// Brings another module's tables up to date: its migrations run in
    /// their own migrator, beside this module's (GRDB records every applied
    /// migration by name in one table and tolerates names it does not know).
    public func install(_ migrator: DatabaseMigrator) throws(StoreError) {
        do { try migrator.migrate(pool) } catch { throw StoreError(sqlite: error, path: path) }
    }

    /// Reads in a snapshot of the database; errors become ``StoreError``.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(body) } catch { throw StoreError(sqlite: error, path: path) }
    }

    /// Writes in one transaction, blocking the caller: for start-up only
    /// (opening a runtime), where nothing else runs yet.
    public func writeNow<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw StoreError(sqlite: error, path: path) }
    }

    /// Writes in one transaction; errors become ``StoreError``.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(body) } catch { throw StoreError(sqlite: error, path: path) }
    }
}
