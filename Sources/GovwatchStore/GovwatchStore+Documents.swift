import Foundation
import GRDB
public import GovwatchCore

/// Sources and their documents: what a cycle reads first and commits last.
extension GovwatchStore {
    public func sourceState(_ name: String) async throws(StoreError) -> SourceState {
        try await read { db in try Self.sourceState(name, db) }
    }

    /// Every stored source state, by name, in one query (sources never run
    /// have none: ``sourceState(_:)`` gives their initial state).
    public func sourceStates() async throws(StoreError) -> [String: SourceState] {
        try await read { db in
            var states: [String: SourceState] = [:]
            for row in try Row.fetchAll(db, sql: StoreRows.selectSources) {
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
        try await read { db in try Self.documents(source: source, snapshots: snapshots, db) }
    }

    /// What a cycle starts from: the source's state and its documents
    /// without snapshots, read together (one transaction: one state of the
    /// store, and one trip to a reader instead of two per source).
    public func cycleStart(source: String) async throws(StoreError) -> (state: SourceState, documents: [StoredDocument])
    {
        try await read { db in
            (try Self.sourceState(source, db), try Self.documents(source: source, snapshots: false, db))
        }
    }

    /// The state of the source `name` in `db` (its initial state when none is stored).
    static func sourceState(_ name: String, _ db: Database) throws -> SourceState {
        let statement = try db.cachedStatement(sql: StoreRows.selectSourceNamed)
        return try Row.fetchOne(statement, arguments: [name]).map(StoreRows.sourceState) ?? SourceState(name: name)
    }

    /// The documents of `source` in `db`, first seen first.
    static func documents(source: String, snapshots: Bool, _ db: Database) throws -> [StoredDocument] {
        let select = DocumentColumn.selectOfSource
        let statement = try db.cachedStatement(sql: snapshots ? select.withSnapshots : select.plain)
        // Each row decoded where SQLite holds it: `fetchAll` first copied
        // every row's values into boxes of their own (each cycle of each
        // source reads its documents; perf of the warm cycle).
        let rows = try Row.fetchCursor(statement, arguments: [source])
        var documents: [StoredDocument] = []
        while let row = try rows.next() { documents.append(StoreRows.document(row)) }
        return documents
    }

    /// Stored snapshots of a source's documents by URL: those of `urls`, or
    /// all of them when `urls` is nil. Documents without one are left out.
    public func snapshots(source: String, urls: [String]?) async throws(StoreError) -> [String: DocumentSnapshot] {
        try await read { db in
            if let urls {
                return try Self.storedSnapshots(source: source, urls: urls, chained: false, db).mapValues(\.snapshot)
            }
            var snapshots: [String: DocumentSnapshot] = [:]
            let rows = try Row.fetchAll(
                db, sql: "SELECT url, snapshot FROM document_snapshot WHERE source = ?", arguments: [source])
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
    /// `sharesURLs` false: the source owns its URLs whoever else lists
    /// them (an article source watches its one page by name).
    public func commit(_ commit: CycleCommit, sharesURLs: Bool = true) async throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var payloads: [(Alert, Data)] = []
        var snapshots: [String: (stored: Data, heading: Data)] = [:]
        let dictionary = compression.current
        do {
            for alert in commit.alerts {
                payloads.append((alert, OutboxPayload.stored(try encoder.encode(alert), dictionary: dictionary)))
            }
            for document in commit.documents where commit.changedSnapshots.contains(document.url) {
                if let snapshot = document.snapshot {
                    snapshots[document.url] = (
                        SnapshotCoding.encode(snapshot, dictionary: dictionary), SnapshotCoding.headingBytes(snapshot)
                    )
                }
            }
        } catch {
            throw StoreError(.encoding, path: path, message: "cannot encode state: \(error)")
        }
        let prepared = payloads
        let encodedSnapshots = snapshots
        try await write { db in
            try Self.upsert(commit.source, db)
            var claimed: Set<String> = []
            for document in commit.documents {
                // Another source stored this URL first (two cycles that found
                // it at once): that one is the document; this source lists it.
                if sharesURLs, commit.firstRecorded.contains(document.url), try Self.isHeldElsewhere(document, db) {
                    claimed.insert(document.url)
                    try Self.recordListing(document.url, source: document.source, at: commit.createdAt, db)
                    continue
                }
                if commit.checkedOnly.contains(document.url), !commit.firstRecorded.contains(document.url) {
                    try db.cachedStatement(sql: Self.updateCheckTime).execute(arguments: [
                        document.lastCheckedAt?.epochSeconds, document.source, document.url,
                    ])
                } else {
                    try Self.upsert(document, db)
                }
                if let snapshot = encodedSnapshots[document.url] {
                    try db.cachedStatement(sql: Self.upsertSnapshot).execute(arguments: [
                        document.source, document.url, snapshot.stored, snapshot.heading,
                    ])
                }
            }
            for url in commit.heldElsewhere {
                try Self.recordListing(url, source: commit.source.name, at: commit.createdAt, db)
            }
            for (alert, payload) in prepared where alert.url.map({ !claimed.contains($0) }) ?? true {
                try db.cachedStatement(sql: Self.insertAlert).execute(arguments: [
                    alert.id, alert.kind.rawValue, alert.source, commit.createdAt.epochSeconds, payload, alert.url,
                ])
            }
        }
        await trainDictionaryIfDue(wrote: encodedSnapshots.count, at: commit.createdAt)
    }

    /// Of `urls` (listed by `source`), those another source already holds.
    public func urlsHeldElsewhere(source: String, urls: [String]) async throws(StoreError) -> Set<String> {
        guard !urls.isEmpty else { return [] }
        return try await read { db in
            var held: Set<String> = []
            for start in stride(from: 0, to: urls.count, by: 500) {
                let chunk = Array(urls[start..<min(start + 500, urls.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let rows = try String.fetchAll(
                    db, sql: "SELECT DISTINCT url FROM document WHERE source != ? AND url IN (\(marks))",
                    arguments: StatementArguments([source] + chunk))
                held.formUnion(rows)
            }
            return held
        }
    }

    /// Pairs of sources that list the same articles, with how many, in
    /// the store at `path`, opened read-only (nil: no readable store): for
    /// `config check`, which must not change state. One copy is kept.
    public static func overlappingSources(inStoreAt path: String) -> [(sources: [String], articles: Int)]? {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return nil }
        return try? queue.read { db in try overlaps(db) }
    }

    static func overlaps(_ db: Database) throws -> [(sources: [String], articles: Int)] {
        var sql = """
            SELECT d1.source, d2.source, COUNT(*) FROM document d1
            JOIN document d2 ON d1.url = d2.url AND d1.source < d2.source GROUP BY d1.source, d2.source
            """
        if try db.tableExists("document_listing") {
            sql += """
                 UNION ALL SELECT d.source, l.source, COUNT(*) FROM document_listing l
                JOIN document d ON d.url = l.url AND d.source != l.source GROUP BY d.source, l.source
                """
        }
        var counts: [[String]: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql) {
            let first: String = row[0]
            let second: String = row[1]
            let count: Int = row[2]
            counts[[first, second].sorted(), default: 0] += count
        }
        return counts.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.key, $0.value) }
    }

    static func isHeldElsewhere(_ document: StoredDocument, _ db: Database) throws -> Bool {
        let own = try Bool.fetchOne(
            db, sql: "SELECT 1 FROM document WHERE source = ? AND url = ?", arguments: [document.source, document.url])
        guard own != true else { return false }
        return try Bool.fetchOne(
            db, sql: "SELECT 1 FROM document WHERE source != ? AND url = ? LIMIT 1",
            arguments: [document.source, document.url]) == true
    }

    static func recordListing(_ url: String, source: String, at time: Timestamp, _ db: Database) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO document_listing (url, source, first_listed_at) VALUES (?, ?, ?)",
            arguments: [url, source, time.epochSeconds])
    }

    static func upsert(_ s: SourceState, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO source (name, baseline_done, consecutive_failures, failing_since, failing_alerted, last_error,
                                    last_attempt_at, last_success_at, next_due_at, listing_etag, listing_last_modified,
                                    listing_read_whole_at, columns_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET
                    baseline_done = excluded.baseline_done, consecutive_failures = excluded.consecutive_failures,
                    failing_since = excluded.failing_since, failing_alerted = excluded.failing_alerted,
                    last_error = excluded.last_error, last_attempt_at = excluded.last_attempt_at,
                    last_success_at = excluded.last_success_at, next_due_at = excluded.next_due_at,
                    listing_etag = excluded.listing_etag, listing_last_modified = excluded.listing_last_modified,
                    listing_read_whole_at = excluded.listing_read_whole_at,
                    columns_fingerprint = excluded.columns_fingerprint
                """
        ).execute(arguments: [
            s.name, s.baselineDone, s.consecutiveFailures, s.failingSince?.epochSeconds, s.failingAlerted, s.lastError,
            s.lastAttemptAt?.epochSeconds, s.lastSuccessAt?.epochSeconds, s.nextDueAt?.epochSeconds, s.listingEtag,
            s.listingLastModified, s.listingReadWholeAt?.epochSeconds, s.columnsFingerprint,
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

    static let updateCheckTime = "UPDATE document SET last_checked_at = ? WHERE source = ? AND url = ?"

    static let upsertSnapshot = """
        INSERT INTO document_snapshot (source, url, snapshot, heading) VALUES (?, ?, ?, ?)
        ON CONFLICT(source, url) DO UPDATE SET snapshot = excluded.snapshot, heading = excluded.heading
        """

    static let insertAlert =
        "INSERT OR IGNORE INTO outbox (id, kind, source, created_at, payload, url) VALUES (?, ?, ?, ?, ?, ?)"
}
