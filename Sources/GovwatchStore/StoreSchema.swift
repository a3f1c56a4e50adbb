import Foundation
import GRDB

/// The store's own tables: sources, documents with their snapshots, and the
/// outbox. Migrations are append-only: a released one is never edited, as
/// stores in the field have already run it. (`v2-notifications`, between
/// these two, now belongs to GovwatchNotify's ledger.) `document` and
/// `document_snapshot` carry triggers (`v12-headings-version`): a
/// migration that rebuilds either table creates them again.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
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
        migrator.registerMigration("v3-snapshot-table") { db in
            // Every cycle reads every document row, but needs a snapshot
            // (~50 KB of JSON) only for pages that changed. In the row, the
            // snapshot's overflow pages sat between the key and the columns
            // after it, so each read walked them; a table of their own keeps
            // document rows small. The recheck window needs the publication
            // date each cycle: a column of its own.
            try db.execute(
                sql: """
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
        migrator.registerMigration("v4-host-state") { db in
            // What the fetcher owes each host (a Retry-After, a backoff),
            // so a restart or the next `govwatch once` honours it.
            try db.execute(
                sql: """
                    CREATE TABLE host_state (
                        host TEXT PRIMARY KEY,
                        not_before REAL NOT NULL,
                        failures INTEGER NOT NULL,
                        retry_after INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration(compression) { db in
            try compressRows(db, table: "document_snapshot", key: "rowid", column: "snapshot") { stored in
                // Decoded and encoded again: GWS1 and JSON rows become GWS2, in a frame.
                SnapshotCoding.decode(stored).map { SnapshotCoding.encode($0) }
            }
            try compressRows(db, table: "outbox", key: "sequence", column: "payload") { stored in
                stored.count >= OutboxPayload.compressFrom ? OutboxPayload.stored(stored) : nil
            }
        }
        migrator.registerMigration("v6-reading-rules") { db in
            // Which rules read each document's content: rows of 0.2 were read by rules 1.
            try db.execute(sql: "ALTER TABLE document ADD COLUMN reading_rules INTEGER NOT NULL DEFAULT 1")
        }
        migrator.registerMigration("v7-outbox-url") { db in
            // The reviewer site rebuilds a report's pages with every alert
            // about it, and a month's change log with that month's alerts:
            // both are read by index, not by decoding the whole outbox.
            try db.execute(
                sql: """
                    ALTER TABLE outbox ADD COLUMN url TEXT;
                    CREATE INDEX outbox_url ON outbox(url) WHERE url IS NOT NULL;
                    CREATE INDEX outbox_created_at ON outbox(created_at);
                    """)
            try backfillAlertURLs(db)
        }
        migrator.registerMigration("v8-document-revision") { db in
            // Alert ids follow each document's revision, not the clock
            // (StoredDocument.revision). Existing documents start at 0: their
            // earlier alerts carry time-based ids, which no new id can equal.
            try db.execute(sql: "ALTER TABLE document ADD COLUMN revision INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v9-one-document-per-url") { db in
            // One article URL is one document whichever sources list it: the
            // first source to store it keeps it, the others are recorded as
            // listing it too (config check names the overlap).
            try db.execute(
                sql: """
                    CREATE INDEX document_url ON document(url);
                    CREATE TABLE document_listing (
                        url TEXT NOT NULL,
                        source TEXT NOT NULL,
                        first_listed_at REAL NOT NULL,
                        PRIMARY KEY (url, source)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v10-source-reading") { db in
            // A paged listing is read whole at least daily (SourceState.listingReadWholeAt);
            // the columns an operator chose are remembered (SourceState.columnsFingerprint).
            try db.execute(
                sql: """
                    ALTER TABLE source ADD COLUMN listing_read_whole_at REAL;
                    ALTER TABLE source ADD COLUMN columns_fingerprint TEXT;
                    """)
        }
        migrator.registerMigration("v11-zstd-dictionary") { db in
            // Dictionaries trained from the store's own snapshots (ZstdDictionary):
            // `id` is the id zstd writes in every frame compressed with one,
            // `documents` how many snapshots the store held when it was trained.
            // Rows are only ever added: a frame names its dictionary for ever.
            try db.execute(
                sql: """
                    CREATE TABLE zstd_dictionary (
                        id INTEGER PRIMARY KEY, dictionary BLOB NOT NULL,
                        trained_at REAL NOT NULL, documents INTEGER NOT NULL);
                    """)
        }
        migrator.registerMigration("v12-headings-version", migrate: addHeadingsVersion)
        migrator.registerMigration("v13-snapshot-heading", migrate: addSnapshotHeadings)
        return migrator
    }

    /// Fills `outbox.url` from each alert's payload.
    static func backfillAlertURLs(_ db: Database) throws {
        struct Reference: Decodable { var url: String? }
        try forEachRow(db, table: "outbox", key: "sequence", column: "payload") { key, payload in
            let json = OutboxPayload.json(payload)
            guard let url = (try? JSONDecoder().decode(Reference.self, from: Data(json)))?.url else { return }
            try db.execute(sql: "UPDATE outbox SET url = ? WHERE sequence = ?", arguments: [url, key])
        }
    }

    /// Calls `body` with each row's key and `column`, 500 rows at a time in
    /// key order (a migration never holds a whole table in memory).
    static func forEachRow(
        _ db: Database, table: String, key: String, column: String, _ body: (Int64, Data) throws -> Void
    ) throws {
        var last: Int64 = 0
        while true {
            let rows = try Row.fetchAll(
                db, sql: "SELECT \(key), \(column) FROM \(table) WHERE \(key) > ? ORDER BY \(key) LIMIT 500",
                arguments: [last])
            guard let final = rows.last else { return }
            last = final[0]
            for row in rows { try body(row[0], row[1]) }
        }
    }

    /// Snapshots and large alert payloads in zstd frames (``Zstd``).
    static let compression = "v5-zstd"

    /// Rewrites `column` of each row through `transform` (nil: leave the row),
    /// 500 rows at a time in key order, skipping rows already compressed.
    static func compressRows(
        _ db: Database, table: String, key: String, column: String, _ transform: (Data) -> Data?
    ) throws {
        try forEachRow(db, table: table, key: key, column: column) { rowKey, stored in
            guard !Zstd.isFrame(stored), let rewritten = transform(stored) else { return }
            try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE \(key) = ?", arguments: [rewritten, rowKey])
        }
    }
}
