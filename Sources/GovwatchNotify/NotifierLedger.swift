import GRDB
public import GovwatchCore
public import GovwatchStore

/// What each notifier delivered and how healthy it is, in the store's file
/// but in tables only this module knows (``schema``).
///
/// A notifier's delivered ids are recorded after each message it sends, so a
/// restart never sends again what was acknowledged and never skips one.
public struct NotifierLedger: Sendable {
    let store: GovwatchStore

    /// Opens the ledger, creating or upgrading its tables, and registers
    /// the configured notifiers it has not seen (see ``register(_:at:backlog:)``).
    public init(
        store: GovwatchStore, registering notifiers: [String] = [], at now: Timestamp? = nil, backlog: [String] = []
    ) throws(StoreError) {
        self.store = store
        try store.install(Self.schema)
        if !notifiers.isEmpty, let now {
            try store.writeNow { db in try Self.register(notifiers, at: now, backlog: backlog, db) }
        }
    }

    /// Registers notifiers not seen before (a reload may add one). A new
    /// notifier starts from now: the alerts already in the spool
    /// (`backlog`, the baseline included) are marked as not for it, so a
    /// group chat added to a running installation is not sent its history.
    public func register(_ notifiers: [String], at now: Timestamp, backlog: [String]) async throws(StoreError) {
        try await store.write { db in try Self.register(notifiers, at: now, backlog: backlog, db) }
    }

    static func register(_ notifiers: [String], at now: Timestamp, backlog: [String], _ db: Database) throws {
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO notifier_state (name, started_at) VALUES (?, ?)")
        let skip = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO notification (notifier, alert_id, delivered_at) VALUES (?, ?, 0)")
        for name in notifiers {
            try insert.execute(arguments: [name, now.epochSeconds])
            guard db.changesCount > 0 else { continue }  // known already
            for id in backlog { try skip.execute(arguments: [name, id]) }
        }
    }

    /// The ledger's tables. The migration keeps the name it had when the
    /// store held these tables itself, so stores written then are not
    /// migrated twice.
    static var schema: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v2-notifications") { db in
            try db.execute(
                sql: """
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
        migrator.registerMigration("notify-v2-started-at") { db in
            // When each notifier was added, for `notify status`. Notifiers
            // that ran before this column have no such time (0).
            try db.execute(
                sql: """
                    ALTER TABLE notifier_state ADD COLUMN started_at REAL;
                    UPDATE notifier_state SET started_at = 0;
                    """)
        }
        return migrator
    }

    /// What a notifier has done: delivered alert ids and its health.
    public struct Record: Sendable, Hashable {
        public var name: String
        /// Alerts it is done with: sent, or in the spool before it was added.
        public var delivered: Set<String> = []
        /// How many of those it sent (the others were there before it).
        public var sentAlerts = 0
        public var failures = 0
        public var lastError: String?
        public var lastSuccessAt: Timestamp?
        public var nextAttemptAt: Timestamp?
        public var sentMessages = 0
        /// When it was added (nil: before govwatch recorded it). What was
        /// in the spool then is in `delivered` without having been sent.
        public var startedAt: Timestamp?
    }

    public func record(_ name: String) async throws(StoreError) -> Record {
        try await store.read { db in
            var record = Record(name: name)
            let rows = try Row.fetchAll(
                db, sql: "SELECT alert_id, delivered_at FROM notification WHERE notifier = ?", arguments: [name])
            record.delivered = Set(rows.map { $0["alert_id"] as String })
            record.sentAlerts = rows.filter { ($0["delivered_at"] as Double) > 0 }.count
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM notifier_state WHERE name = ?", arguments: [name]) {
                record.failures = row["failures"]
                record.lastError = row["last_error"]
                record.lastSuccessAt = (row["last_success_at"] as Double?).map(Timestamp.init(epochSeconds:))
                record.nextAttemptAt = (row["next_attempt_at"] as Double?).map(Timestamp.init(epochSeconds:))
                record.sentMessages = row["sent_messages"]
                record.startedAt = (row["started_at"] as Double?).flatMap { $0 > 0 ? Timestamp(epochSeconds: $0) : nil }
            }
            return record
        }
    }

    /// What the metrics file reports of a notifier, counted in SQL: the
    /// delivered ids themselves (``record(_:)``) are not loaded.
    public func health(_ name: String) async throws(StoreError) -> (sentAlerts: Int, failures: Int) {
        try await store.read { db in
            let sent = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM notification WHERE notifier = ? AND delivered_at > 0", arguments: [name])
            let failures = try Int.fetchOne(
                db, sql: "SELECT failures FROM notifier_state WHERE name = ?", arguments: [name])
            return (sent ?? 0, failures ?? 0)
        }
    }

    /// Records one message sent: its alerts delivered, the notifier healthy.
    public func markNotified(_ name: String, alertIDs: [String], at time: Timestamp) async throws(StoreError) {
        try await store.write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO notification (notifier, alert_id, delivered_at) VALUES (?, ?, ?)")
            for id in alertIDs { try insert.execute(arguments: [name, id, time.epochSeconds]) }
            try db.execute(
                sql: """
                    INSERT INTO notifier_state (name, failures, last_error, last_success_at, next_attempt_at, sent_messages)
                    VALUES (?, 0, NULL, ?, NULL, 1)
                    ON CONFLICT(name) DO UPDATE SET failures = 0, last_error = NULL, last_success_at = excluded.last_success_at,
                        next_attempt_at = NULL, sent_messages = sent_messages + 1
                    """, arguments: [name, time.epochSeconds])
        }
    }

    /// Records a failed attempt and when to try again.
    public func markFailed(_ name: String, error: String, retryAt: Timestamp) async throws(StoreError) {
        try await store.write { db in
            try db.execute(
                sql: """
                    INSERT INTO notifier_state (name, failures, last_error, next_attempt_at) VALUES (?, 1, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET failures = failures + 1, last_error = excluded.last_error,
                        next_attempt_at = excluded.next_attempt_at
                    """, arguments: [name, error, retryAt.epochSeconds])
        }
    }
}
