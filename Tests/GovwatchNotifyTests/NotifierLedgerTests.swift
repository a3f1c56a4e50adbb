import Foundation
import GRDB
import GovwatchConfig
import GovwatchCore
import GovwatchFetch
import GovwatchSpool
import GovwatchStore
import Logging
import Testing

@testable import GovwatchNotify

/// The notifiers' own tables, and what the dispatcher reads from the spool.
@Suite("Notifier ledger and spool reading")
struct NotifierLedgerTests {
    static func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "notify-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theLedgerRemembersDeliveriesAndFailures() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ledger = try NotifierLedger(store: try GovwatchStore(path: folder + "/govwatch.sqlite"))
        let now = Timestamp(epochSeconds: 1_800_000_000)
        try await ledger.markFailed("robot", error: "HTTP 500 at qyapi", retryAt: now + .seconds(10))
        var record = try await ledger.record("robot")
        #expect(record.failures == 1 && record.nextAttemptAt == now + .seconds(10) && record.lastSuccessAt == nil)
        try await ledger.markNotified("robot", alertIDs: ["a", "b"], at: now)
        record = try await ledger.record("robot")
        #expect(
            record.delivered == ["a", "b"] && record.failures == 0 && record.sentMessages == 1
                && record.lastError == nil)
        // Reopened, as after a restart.
        let again = try NotifierLedger(store: try GovwatchStore(path: folder + "/govwatch.sqlite"))
        #expect(try await again.record("robot").delivered == ["a", "b"])
    }

    /// Stores written before the ledger had its own migrator ran
    /// v1, v2-notifications, v3 in the store's one migrator. They open
    /// without running anything twice, and their deliveries are kept.
    @Test func aStoreFromTheOneMigratorLayoutOpens() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/govwatch.sqlite"
        do {
            let queue = try DatabaseQueue(path: path)
            var old = DatabaseMigrator()
            old.registerMigration("v1") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE source (name TEXT PRIMARY KEY, baseline_done INTEGER NOT NULL DEFAULT 0,
                            consecutive_failures INTEGER NOT NULL DEFAULT 0, failing_since REAL,
                            failing_alerted INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_attempt_at REAL,
                            last_success_at REAL, next_due_at REAL, listing_etag TEXT, listing_last_modified TEXT);
                        CREATE TABLE document (url TEXT NOT NULL, source TEXT NOT NULL, listed_title TEXT, listed_date TEXT,
                            snapshot TEXT, content_hash TEXT, status TEXT NOT NULL, last_error TEXT, first_seen_at REAL NOT NULL,
                            last_checked_at REAL, last_changed_at REAL, etag TEXT, last_modified TEXT,
                            listed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (source, url));
                        CREATE TABLE outbox (sequence INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                            kind TEXT NOT NULL, source TEXT NOT NULL, created_at REAL NOT NULL, payload BLOB NOT NULL,
                            spooled_at REAL, logged_at REAL);
                        """)
            }
            old.registerMigration("v2-notifications") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE notification (notifier TEXT NOT NULL, alert_id TEXT NOT NULL, delivered_at REAL NOT NULL,
                            PRIMARY KEY (notifier, alert_id));
                        CREATE TABLE notifier_state (name TEXT PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0, last_error TEXT,
                            last_success_at REAL, next_attempt_at REAL, sent_messages INTEGER NOT NULL DEFAULT 0);
                        INSERT INTO notification VALUES ('robot', 'old-alert', 1700000000);
                        """)
            }
            try old.migrate(queue)
        }
        let store = try GovwatchStore(path: path)  // runs v3 onwards
        let ledger = try NotifierLedger(store: store)
        #expect(try await ledger.record("robot").delivered == ["old-alert"])
        let applied = try await store.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(
            Set(applied) == [
                "v1", "v2-notifications", "v3-snapshot-table", "v4-host-state", "v5-zstd", "v6-reading-rules",
                "v7-outbox-url", "v8-document-revision", "v9-one-document-per-url", "v10-source-reading",
                "v11-zstd-dictionary", "v12-headings-version", "v13-snapshot-heading", "notify-v2-started-at",
            ])
    }

    @Test func theDispatcherReadsAlertsThroughTheSpool() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spool = try MaildirSpool(directory: folder + "/spool")
        let now = Timestamp(epochSeconds: 1_800_000_000)
        let factory = AlertFactory(source: "s", detectedAt: now)
        let alerts = [
            factory.failing(failures: 3, error: "x", episode: now), factory.recovered(failures: 3, episode: now),
        ]
        let encoder = JSONEncoder()
        for (offset, alert) in alerts.enumerated() {
            let json = Array(try encoder.encode(alert))
            #expect(
                spool.deliver([MaildirSpool.Alert(id: alert.id, epochSeconds: 100 + offset, json: json)]).written == 1)
        }
        let dispatcher = NotifierDispatcher(
            notifiers: [], ledger: try NotifierLedger(store: try GovwatchStore(path: folder + "/govwatch.sqlite")),
            spool: spool,
            fetcher: Fetcher(), now: { now }, logger: Logger(label: "test"))
        #expect(dispatcher.spoolAlerts().map(\.id) == alerts.map(\.id))
        // a consumer took it
        try FileManager.default.removeItem(atPath: folder + "/spool/new/100.\(alerts[0].id).json")
        #expect(dispatcher.spoolAlerts().map(\.id) == [alerts[1].id])
    }
}
