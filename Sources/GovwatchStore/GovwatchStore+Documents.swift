import Foundation
import GRDB
public import GovwatchCore

/// Sources and their documents: what a cycle reads first and commits last.
extension GovwatchStore {
    public func sourceState(_ name: String) async throws(StoreError) -> SourceState {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM source WHERE name = ?"), arguments: [name])
            else {
                return SourceState(name: name)
            }
            return StoreRows.sourceState(row)
        }
    }

    /// Every stored source state, by name, in one query (sources never run
    /// have none: ``sourceState(_:)`` gives their initial state).
    public func sourceStates() async throws(StoreError) -> [String: SourceState] {
        try await read { db in
            var states: [String: SourceState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM source") {
                let state = StoreRows.sourceState(row)
                states[state.name] = state
            }
            return states
        }
    }

    /// A source's documents. Without `snapshots` no snapshot is read or
    /// decoded (the costly part: a report is ~50 KB of JSON), so a cycle that
    /// meets only 304s never touches one; ``snapshots(source:urls:)`` loads
    /// the few a cycle needs.
    public func documents(source: String, snapshots: Bool = true) async throws(StoreError) -> [StoredDocument] {
        try await read { db in
            let select = snapshots ? DocumentColumn.selectWithSnapshots : DocumentColumn.select
            // Cached: every cycle of every source runs these two statements.
            let statement = try db.cachedStatement(sql: select + " WHERE d.source = ? ORDER BY d.first_seen_at, d.url")
            return try Row.fetchAll(statement, arguments: [source]).map(StoreRows.document)
        }
    }

    /// Stored snapshots of a source's documents by URL: those of `urls`, or
    /// all of them when `urls` is nil. Documents without one are left out.
    public func snapshots(source: String, urls: [String]?) async throws(StoreError) -> [String: DocumentSnapshot] {
        try await read { db in
            let rows: [Row]
            if let urls {
                let statement = try db.cachedStatement(
                    sql: "SELECT url, snapshot FROM document_snapshot WHERE source = ? AND url = ?")
                rows = try urls.compactMap { url in try Row.fetchOne(statement, arguments: [source, url]) }
            } else {
                rows = try Row.fetchAll(
                    db, sql: "SELECT url, snapshot FROM document_snapshot WHERE source = ?", arguments: [source])
            }
            var snapshots: [String: DocumentSnapshot] = [:]
            for row in rows {
                if let snapshot = StoreRows.snapshot(row["snapshot"]) { snapshots[row["url"]] = snapshot }
            }
            return snapshots
        }
    }

    /// A document as one source knows it (two sources may watch one URL).
    public func document(source: String, url: String) async throws(StoreError) -> StoredDocument? {
        try await read { db in
            try Row.fetchOne(
                db, sql: DocumentColumn.selectWithSnapshots + " WHERE d.source = ? AND d.url = ?",
                arguments: [source, url]
            ).map(StoreRows.document)
        }
    }

    /// Every document of every source.
    public func allDocuments() async throws(StoreError) -> [StoredDocument] {
        try await read { db in
            try Row.fetchAll(db, sql: DocumentColumn.selectWithSnapshots + " ORDER BY d.first_seen_at, d.url")
                .map(StoreRows.document)
        }
    }

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
            for alert in commit.alerts { payloads.append((alert, OutboxPayload.stored(try encoder.encode(alert)))) }
            for document in commit.documents where commit.changedSnapshots.contains(document.url) {
                if let snapshot = document.snapshot { snapshots[document.url] = SnapshotCoding.encode(snapshot) }
            }
        } catch {
            throw StoreError(.encoding, path: path, message: "cannot encode state: \(error)")
        }
        let prepared = payloads
        let encodedSnapshots = snapshots
        try await write { db in
            try Self.upsert(commit.source, db)
            for document in commit.documents {
                try Self.upsert(document, db)
                if let snapshot = encodedSnapshots[document.url] {
                    try db.cachedStatement(sql: Self.upsertSnapshot).execute(arguments: [
                        document.source, document.url, snapshot,
                    ])
                }
            }
            for (alert, payload) in prepared {
                try db.cachedStatement(sql: Self.insertAlert).execute(arguments: [
                    alert.id, alert.kind.rawValue, alert.source, commit.createdAt.epochSeconds, payload, alert.url,
                ])
            }
        }
    }

    static func upsert(_ s: SourceState, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO source (name, baseline_done, consecutive_failures, failing_since, failing_alerted, last_error,
                                    last_attempt_at, last_success_at, next_due_at, listing_etag, listing_last_modified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET
                    baseline_done = excluded.baseline_done, consecutive_failures = excluded.consecutive_failures,
                    failing_since = excluded.failing_since, failing_alerted = excluded.failing_alerted,
                    last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at,
                    last_success_at = excluded.last_success_at, next_due_at = excluded.next_due_at,
                    listing_etag = excluded.listing_etag, listing_last_modified = excluded.listing_last_modified
                """
        ).execute(arguments: [
            s.name, s.baselineDone, s.consecutiveFailures, s.failingSince?.epochSeconds, s.failingAlerted, s.lastError,
            s.lastAttemptAt?.epochSeconds, s.lastSuccessAt?.epochSeconds, s.nextDueAt?.epochSeconds, s.listingEtag,
            s.listingLastModified,
        ])
    }

    static func upsert(_ d: StoredDocument, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO document (url, source, listed_title, listed_date, content_hash, published_at, status, last_error,
                                      first_seen_at, last_checked_at, last_changed_at, etag, last_modified, listed,
                                      reading_rules, revision)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(source, url) DO UPDATE SET
                    listed_title = excluded.listed_title, listed_date = excluded.listed_date,
                    content_hash = excluded.content_hash, published_at = excluded.published_at, status = excluded.status,
                    last_error = excluded.last_error, last_checked_at = excluded.last_checked_at,
                    last_changed_at = excluded.last_changed_at, etag = excluded.etag,
                    last_modified = excluded.last_modified, listed = excluded.listed,
                    reading_rules = excluded.reading_rules, revision = excluded.revision
                """
        ).execute(arguments: [
            d.url, d.source, d.listedTitle, d.listedDate, d.contentHash, d.publishedAt, d.status.rawValue, d.lastError,
            d.firstSeenAt.epochSeconds, d.lastCheckedAt?.epochSeconds, d.lastChangedAt?.epochSeconds, d.etag,
            d.lastModified, d.listed, d.readingRules, d.revision,
        ])
    }

    static let upsertSnapshot = """
        INSERT INTO document_snapshot (source, url, snapshot) VALUES (?, ?, ?)
        ON CONFLICT(source, url) DO UPDATE SET snapshot = excluded.snapshot
        """

    static let insertAlert =
        "INSERT OR IGNORE INTO outbox (id, kind, source, created_at, payload, url) VALUES (?, ?, ?, ?, ?, ?)"
}
