import Foundation
import GovwatchCore
import GRDB

/// govwatch's state in SQLite (GRDB, WAL): documents with their last
/// snapshot, source states, and the alert outbox.
///
/// The contract that makes alerts exactly-once: ``commit(_:)`` writes the new
/// state and the alerts it causes in ONE transaction. Delivery reads the
/// outbox afterwards and marks each alert spooled and logged; a crash
/// anywhere leaves either no trace of a cycle or a committed state whose
/// alerts are still in the outbox.
public final class GovwatchStore: Sendable {
    public let path: String
    let pool: DatabasePool

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
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            var failure = Self.storeError(error, path: path)
            if failure.code == .cannotOpen || failure.code == .readOnly, let reason = Self.whyNotWritable(path) {
                failure = StoreError(.readOnly, path: path, message: reason)
            }
            throw failure
        }
    }

    /// Why the database cannot be written, when the file system says so:
    /// SQLite only reports that it cannot open the file (WAL mode must
    /// create its -wal and -shm files beside it).
    static func whyNotWritable(_ path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        var fileSystem = statvfs()
        if statvfs(folder, &fileSystem) == 0, fileSystem.f_flag & UInt(ST_RDONLY) != 0 {
            return "database is read-only: its folder is on a file system mounted read-only; "
                + "remount it read-write or set state_dir to a writable place"
        }
        if access(folder, W_OK) != 0 {
            return "database is read-only: its folder \(folder) is not writable by this user; give the govwatch user write access"
        }
        if access(path, F_OK) == 0, access(path, W_OK) != 0 {
            return "database is read-only: the file is not writable by this user; give the govwatch user write access"
        }
        return nil
    }

    static func storeError(_ error: any Error, path: String) -> StoreError {
        guard let error = error as? DatabaseError else {
            return StoreError(.io, path: path, message: "\(error)")
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(.locked, path: path, message: "database is locked by another process; stop it or wait (\(error.message ?? ""))")
        case .SQLITE_READONLY:
            return StoreError(.readOnly, path: path, message: "database is read-only; give the govwatch user write access to the file and its folder")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(.corrupt, path: path, message: "database is corrupt or not a govwatch database; move it aside and restore a backup (govwatch will not overwrite it)")
        case .SQLITE_CANTOPEN:
            return StoreError(.cannotOpen, path: path, message: "cannot open the database; check that the folder exists and is writable")
        default:
            return StoreError(.io, path: path, message: error.message ?? "\(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE source (
                    name TEXT PRIMARY KEY,
                    baseline_done INTEGER NOT NULL DEFAULT 0,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    failing_since REAL,
                    failing_alerted INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    last_attempt_at REAL,
                    last_success_at REAL,
                    next_due_at REAL,
                    listing_etag TEXT,
                    listing_last_modified TEXT
                );
                CREATE TABLE document (
                    url TEXT NOT NULL,
                    source TEXT NOT NULL,
                    listed_title TEXT,
                    listed_date TEXT,
                    snapshot TEXT,
                    content_hash TEXT,
                    status TEXT NOT NULL,
                    last_error TEXT,
                    first_seen_at REAL NOT NULL,
                    last_checked_at REAL,
                    last_changed_at REAL,
                    etag TEXT,
                    last_modified TEXT,
                    listed INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (source, url)
                );
                CREATE TABLE outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    payload BLOB NOT NULL,
                    spooled_at REAL,
                    logged_at REAL
                );
                CREATE INDEX outbox_pending ON outbox(sequence) WHERE spooled_at IS NULL OR logged_at IS NULL;
                """)
        }
        migrator.registerMigration("v2-notifications") { db in
            try db.execute(sql: """
                CREATE TABLE notification (
                    notifier TEXT NOT NULL,
                    alert_id TEXT NOT NULL,
                    delivered_at REAL NOT NULL,
                    PRIMARY KEY (notifier, alert_id)
                );
                CREATE TABLE notifier_state (
                    name TEXT PRIMARY KEY,
                    failures INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    last_success_at REAL,
                    next_attempt_at REAL,
                    sent_messages INTEGER NOT NULL DEFAULT 0
                );
                """)
        }
        migrator.registerMigration("v3-snapshot-table") { db in
            // Every cycle reads every document row, but needs a snapshot
            // (~50 KB of JSON) only for pages that changed. In the row, the
            // snapshot's overflow pages sat between the key and the columns
            // after it, so each read walked them; a table of their own keeps
            // document rows small. The recheck window needs the publication
            // date each cycle: a column of its own.
            try db.execute(sql: """
                ALTER TABLE document ADD COLUMN published_at TEXT;
                UPDATE document SET published_at = json_extract(snapshot, '$.publishedAt') WHERE snapshot IS NOT NULL;
                CREATE TABLE document_snapshot (
                    source TEXT NOT NULL,
                    url TEXT NOT NULL,
                    snapshot BLOB NOT NULL,
                    PRIMARY KEY (source, url)
                );
                INSERT INTO document_snapshot (source, url, snapshot)
                    SELECT source, url, snapshot FROM document WHERE snapshot IS NOT NULL;
                ALTER TABLE document DROP COLUMN snapshot;
                """)
        }
        return migrator
    }

    // MARK: Notifications

    /// What a notifier has done: delivered alert ids and its health.
    public struct NotifierRecord: Sendable, Hashable {
        public var name: String
        public var delivered: Set<String> = []
        public var failures = 0
        public var lastError: String?
        public var lastSuccessAt: Timestamp?
        public var nextAttemptAt: Timestamp?
        public var sentMessages = 0
    }

    public func notifierRecord(_ name: String) async throws(StoreError) -> NotifierRecord {
        try await read { db in
            var record = NotifierRecord(name: name)
            record.delivered = Set(try String.fetchAll(db, sql: "SELECT alert_id FROM notification WHERE notifier = ?", arguments: [name]))
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM notifier_state WHERE name = ?", arguments: [name]) {
                record.failures = row["failures"]
                record.lastError = row["last_error"]
                record.lastSuccessAt = Self.timestamp(row["last_success_at"])
                record.nextAttemptAt = Self.timestamp(row["next_attempt_at"])
                record.sentMessages = row["sent_messages"]
            }
            return record
        }
    }

    /// Records one message sent: its alerts delivered, the notifier healthy.
    public func markNotified(_ name: String, alertIDs: [String], at time: Timestamp) async throws(StoreError) {
        try await write { db in
            for id in alertIDs {
                try db.execute(sql: "INSERT OR IGNORE INTO notification (notifier, alert_id, delivered_at) VALUES (?, ?, ?)",
                               arguments: [name, id, time.epochSeconds])
            }
            try db.execute(sql: """
                INSERT INTO notifier_state (name, failures, last_error, last_success_at, next_attempt_at, sent_messages)
                VALUES (?, 0, NULL, ?, NULL, 1)
                ON CONFLICT(name) DO UPDATE SET failures = 0, last_error = NULL, last_success_at = excluded.last_success_at,
                    next_attempt_at = NULL, sent_messages = sent_messages + 1
                """, arguments: [name, time.epochSeconds])
        }
    }

    /// Records a failed attempt and when to try again.
    public func markNotifierFailed(_ name: String, error: String, retryAt: Timestamp) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO notifier_state (name, failures, last_error, next_attempt_at) VALUES (?, 1, ?, ?)
                ON CONFLICT(name) DO UPDATE SET failures = failures + 1, last_error = excluded.last_error,
                    next_attempt_at = excluded.next_attempt_at
                """, arguments: [name, error, retryAt.epochSeconds])
        }
    }

    // MARK: Reading

    public func sourceState(_ name: String) async throws(StoreError) -> SourceState {
        try await read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM source WHERE name = ?"), arguments: [name]) else {
                return SourceState(name: name)
            }
            return Self.sourceState(row)
        }
    }

    /// A source's documents. Without `snapshots` no snapshot is read or
    /// decoded (the costly part: a report is ~50 KB of JSON), so a cycle that
    /// meets only 304s never touches one; ``snapshots(source:urls:)`` loads
    /// the few a cycle needs.
    public func documents(source: String, snapshots: Bool = true) async throws(StoreError) -> [StoredDocument] {
        try await read { db in
            let sql = snapshots
                ? Self.selectDocuments + " WHERE d.source = ? ORDER BY d.first_seen_at, d.url"
                : "SELECT \(Self.documentColumns) FROM document d WHERE d.source = ? ORDER BY d.first_seen_at, d.url"
            // Cached: every cycle of every source runs these two statements.
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [source]).map(Self.document)
        }
    }

    /// Stored snapshots of a source's documents by URL: those of `urls`, or
    /// all of them when `urls` is nil. Documents without one are left out.
    public func snapshots(source: String, urls: [String]?) async throws(StoreError) -> [String: DocumentSnapshot] {
        try await read { db in
            let rows: [Row]
            if let urls {
                let statement = try db.cachedStatement(sql: "SELECT url, snapshot FROM document_snapshot WHERE source = ? AND url = ?")
                rows = try urls.compactMap { url in try Row.fetchOne(statement, arguments: [source, url]) }
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT url, snapshot FROM document_snapshot WHERE source = ?", arguments: [source])
            }
            var snapshots: [String: DocumentSnapshot] = [:]
            for row in rows {
                if let snapshot = Self.snapshot(row["snapshot"]) { snapshots[row["url"]] = snapshot }
            }
            return snapshots
        }
    }

    /// A document as one source knows it (two sources may watch one URL).
    public func document(source: String, url: String) async throws(StoreError) -> StoredDocument? {
        try await read { db in
            try Row.fetchOne(db, sql: Self.selectDocuments + " WHERE d.source = ? AND d.url = ?", arguments: [source, url])
                .map(Self.document)
        }
    }

    /// Every document of every source.
    public func allDocuments() async throws(StoreError) -> [StoredDocument] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.selectDocuments + " ORDER BY d.first_seen_at, d.url").map(Self.document)
        }
    }

    /// Alerts not yet both spooled and logged, oldest first.
    public func pendingAlerts() async throws(StoreError) -> [OutboxAlert] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE spooled_at IS NULL OR logged_at IS NULL ORDER BY sequence")
                .map(Self.outbox)
        }
    }

    /// Every alert, oldest first (`limit` newest when given).
    public func alerts(limit: Int? = nil) async throws(StoreError) -> [OutboxAlert] {
        try await read { db in
            if let limit {
                return try Row.fetchAll(db, sql: "SELECT * FROM (SELECT * FROM outbox ORDER BY sequence DESC LIMIT ?) ORDER BY sequence",
                                        arguments: [limit]).map(Self.outbox)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY sequence").map(Self.outbox)
        }
    }

    // MARK: Writing

    /// Commits a cycle's new state and its alerts atomically.
    ///
    /// Only the snapshots in `commit.changedSnapshots` are encoded and
    /// written; other documents keep the snapshot they have (a 304 recheck
    /// updates a few columns, not 50 KB of JSON).
    public func commit(_ commit: CycleCommit) async throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var payloads: [(Alert, Data)] = []
        var snapshots: [String: Data] = [:]
        do {
            for alert in commit.alerts { payloads.append((alert, try encoder.encode(alert))) }
            for document in commit.documents where commit.changedSnapshots.contains(document.url) {
                if let snapshot = document.snapshot { snapshots[document.url] = SnapshotCoding.encode(snapshot) }
            }
        } catch {
            throw StoreError(.encoding, path: path, message: "cannot encode state: \(error)")
        }
        let prepared = payloads
        let encodedSnapshots = snapshots
        try await write { db in
            let s = commit.source
            try db.cachedStatement(sql: """
                INSERT INTO source (name, baseline_done, consecutive_failures, failing_since, failing_alerted, last_error,
                                    last_attempt_at, last_success_at, next_due_at, listing_etag, listing_last_modified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET
                    baseline_done = excluded.baseline_done, consecutive_failures = excluded.consecutive_failures,
                    failing_since = excluded.failing_since, failing_alerted = excluded.failing_alerted,
                    last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at,
                    last_success_at = excluded.last_success_at, next_due_at = excluded.next_due_at,
                    listing_etag = excluded.listing_etag, listing_last_modified = excluded.listing_last_modified
                """).execute(arguments: [s.name, s.baselineDone, s.consecutiveFailures, s.failingSince?.epochSeconds,
                                         s.failingAlerted, s.lastError, s.lastAttemptAt?.epochSeconds, s.lastSuccessAt?.epochSeconds,
                                         s.nextDueAt?.epochSeconds, s.listingEtag, s.listingLastModified])
            for d in commit.documents {
                try db.cachedStatement(sql: Self.upsertDocument).execute(arguments: [
                    d.url, d.source, d.listedTitle, d.listedDate, d.contentHash, d.publishedAt, d.status.rawValue, d.lastError,
                    d.firstSeenAt.epochSeconds, d.lastCheckedAt?.epochSeconds, d.lastChangedAt?.epochSeconds, d.etag,
                    d.lastModified, d.listed,
                ])
                if let snapshot = encodedSnapshots[d.url] {
                    try db.cachedStatement(sql: """
                        INSERT INTO document_snapshot (source, url, snapshot) VALUES (?, ?, ?)
                        ON CONFLICT(source, url) DO UPDATE SET snapshot = excluded.snapshot
                        """).execute(arguments: [d.source, d.url, snapshot])
                }
            }
            for (alert, payload) in prepared {
                try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO outbox (id, kind, source, created_at, payload) VALUES (?, ?, ?, ?, ?)
                    """).execute(arguments: [alert.id, alert.kind.rawValue, alert.source, commit.createdAt.epochSeconds, payload])
            }
        }
    }

    /// The columns ``document(_:)`` reads, by position (name lookups cost
    /// more than the rest of decoding a row); the snapshot, when selected, follows.
    static let documentColumns = """
        d.url, d.source, d.listed_title, d.listed_date, d.status, d.last_error, d.first_seen_at, d.last_checked_at, \
        d.last_changed_at, d.etag, d.last_modified, d.listed, d.content_hash, d.published_at
        """

    /// Documents with their snapshots; append WHERE/ORDER on `d`.
    static let selectDocuments = """
        SELECT \(documentColumns), s.snapshot FROM document d
        LEFT JOIN document_snapshot s ON s.source = d.source AND s.url = d.url
        """

    static let upsertDocument = """
        INSERT INTO document (url, source, listed_title, listed_date, content_hash, published_at, status, last_error,
                              first_seen_at, last_checked_at, last_changed_at, etag, last_modified, listed)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(source, url) DO UPDATE SET
            listed_title = excluded.listed_title, listed_date = excluded.listed_date,
            content_hash = excluded.content_hash, published_at = excluded.published_at, status = excluded.status,
            last_error = excluded.last_error, last_checked_at = excluded.last_checked_at,
            last_changed_at = excluded.last_changed_at, etag = excluded.etag,
            last_modified = excluded.last_modified, listed = excluded.listed
        """

    /// Records that these alerts are in the spool, in one transaction.
    public func markSpooled(_ ids: [String], at time: Timestamp) async throws(StoreError) {
        try await mark("spooled_at", ids, at: time)
    }

    /// Records that these alerts are in the alert log, in one transaction.
    public func markLogged(_ ids: [String], at time: Timestamp) async throws(StoreError) {
        try await mark("logged_at", ids, at: time)
    }

    private func mark(_ column: String, _ ids: [String], at time: Timestamp) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(sql: "UPDATE outbox SET \(column) = ? WHERE id = ?")
            for id in ids { try statement.execute(arguments: [time.epochSeconds, id]) }
        }
    }

    // MARK: Plumbing

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(body) } catch { throw Self.storeError(error, path: path) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(body) } catch { throw Self.storeError(error, path: path) }
    }

    static func timestamp(_ value: Double?) -> Timestamp? { value.map(Timestamp.init(epochSeconds:)) }

    static func sourceState(_ row: Row) -> SourceState {
        var state = SourceState(name: row["name"])
        state.baselineDone = row["baseline_done"]
        state.consecutiveFailures = row["consecutive_failures"]
        state.failingSince = timestamp(row["failing_since"])
        state.failingAlerted = row["failing_alerted"]
        state.lastError = row["last_error"]
        state.lastAttemptAt = timestamp(row["last_attempt_at"])
        state.lastSuccessAt = timestamp(row["last_success_at"])
        state.nextDueAt = timestamp(row["next_due_at"])
        state.listingEtag = row["listing_etag"]
        state.listingLastModified = row["listing_last_modified"]
        return state
    }

    /// A stored snapshot: ``SnapshotCoding`` (a BLOB), or JSON TEXT from
    /// before it.
    static func snapshot(_ value: DatabaseValue) -> DocumentSnapshot? {
        switch value.storage {
        case let .blob(data): SnapshotCoding.decode(data)
        case let .string(text): SnapshotCoding.decode(Data(text.utf8))
        default: nil
        }
    }

    /// A document from a row of ``documentColumns`` (plus the snapshot at
    /// index 14 when selected; without it the snapshot is not loaded).
    static func document(_ row: Row) -> StoredDocument {
        var document = StoredDocument(
            url: row[0], source: row[1], listedTitle: row[2], listedDate: row[3],
            status: StoredDocument.Status(rawValue: row[4]) ?? .active,
            lastError: row[5], firstSeenAt: Timestamp(epochSeconds: row[6]),
            lastCheckedAt: timestamp(row[7]), lastChangedAt: timestamp(row[8]),
            etag: row[9], lastModified: row[10], listed: row[11]
        )
        // Assigned, not passed to init: init would compute the hash again
        // (a fold of every entry) that the row already holds.
        document.snapshot = row.count > 14 ? Self.snapshot(row[14]) : nil
        document.contentHash = row[12]
        document.publishedAt = row[13]
        return document
    }

    static func outbox(_ row: Row) -> OutboxAlert {
        let payload: Data = row["payload"]
        return OutboxAlert(
            sequence: row["sequence"], id: row["id"], kind: row["kind"], source: row["source"],
            createdAt: Timestamp(epochSeconds: row["created_at"]), payload: [UInt8](payload),
            spooledAt: timestamp(row["spooled_at"]), loggedAt: timestamp(row["logged_at"])
        )
    }
}
