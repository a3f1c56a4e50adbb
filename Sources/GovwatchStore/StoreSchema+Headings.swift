import GRDB

extension StoreSchema {
    /// The version of what ``GovwatchStore/reportHeadings(includingEmpty:)``
    /// reads, kept by SQLite itself: a trigger adds one whenever a document
    /// or its snapshot is added or removed, or changes in a column a
    /// heading is made of (a snapshot's bytes; a document's source, URL or
    /// first-seen time, which pick and order the headings). Triggers, not
    /// code in ``GovwatchStore/commit(_:sharesURLs:)``, so that every writer
    /// (a later migration or command) is counted. A recheck that rewrites a
    /// document's row (a 304 updates its check time) names none of those
    /// columns, so no trigger fires; a snapshot written again byte for byte
    /// fails its trigger's `WHEN`. A later migration that rebuilds either
    /// table must create these triggers again (`HeadingsVersionTests`).
    ///
    /// Also the publication calendar's last judgment (`calendar_judgment`,
    /// one row): the inputs it was made from, so that the calendar skips a
    /// judgment whose inputs have not changed (``GovwatchStore/calendarMarks()``).
    static func addHeadingsVersion(_ db: Database) throws {
        let bump = "UPDATE store_counter SET value = value + 1 WHERE name = 'headings'"
        try db.execute(
            sql: """
                CREATE TABLE store_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                INSERT INTO store_counter (name, value) VALUES ('headings', 0);
                CREATE TRIGGER headings_document_insert AFTER INSERT ON document BEGIN \(bump); END;
                CREATE TRIGGER headings_document_delete AFTER DELETE ON document BEGIN \(bump); END;
                CREATE TRIGGER headings_document_update AFTER UPDATE OF source, url, first_seen_at ON document
                    WHEN OLD.source IS NOT NEW.source OR OLD.url IS NOT NEW.url
                        OR OLD.first_seen_at IS NOT NEW.first_seen_at
                    BEGIN \(bump); END;
                CREATE TRIGGER headings_snapshot_insert AFTER INSERT ON document_snapshot BEGIN \(bump); END;
                CREATE TRIGGER headings_snapshot_delete AFTER DELETE ON document_snapshot BEGIN \(bump); END;
                CREATE TRIGGER headings_snapshot_update AFTER UPDATE OF snapshot, source, url ON document_snapshot
                    WHEN OLD.snapshot IS NOT NEW.snapshot OR OLD.source IS NOT NEW.source OR OLD.url IS NOT NEW.url
                    BEGIN \(bump); END;
                CREATE TABLE calendar_judgment (id INTEGER PRIMARY KEY CHECK (id = 1), inputs TEXT NOT NULL);
                """)
    }

    /// Each snapshot's heading in a column beside it
    /// (`SnapshotCoding+Heading.swift`), filled here from every stored
    /// snapshot that reads (what one judgment of the calendar read until
    /// now; a damaged one keeps none, and is read as before).
    /// The trigger clears a heading when its snapshot changes and it does
    /// not: a write by code that does not know the column. Such a row's
    /// heading is read from its snapshot again, as before the column.
    /// Adding a column rebuilds nothing: the headings' triggers stay.
    static func addSnapshotHeadings(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE document_snapshot ADD COLUMN heading BLOB;
                CREATE TRIGGER snapshot_heading_stale AFTER UPDATE OF snapshot ON document_snapshot
                    WHEN OLD.snapshot IS NOT NEW.snapshot AND OLD.heading IS NEW.heading
                    BEGIN UPDATE document_snapshot SET heading = NULL WHERE rowid = NEW.rowid; END;
                """)
        // Migrations run before the store loads its dictionaries, which most rows' frames name.
        try ZstdDictionaries.shared.register(from: db)
        try forEachRow(db, table: "document_snapshot", key: "rowid", column: "snapshot") { key, stored in
            guard let heading = SnapshotCoding.heading(stored) else { return }
            try db.execute(
                sql: "UPDATE document_snapshot SET heading = ? WHERE rowid = ?",
                arguments: [SnapshotCoding.headingBytes(heading), key])
        }
    }
}
