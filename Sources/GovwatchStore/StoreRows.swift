import Foundation
import GRDB
import GovwatchCore

/// The `document` columns the store reads, in SELECT order. Rows decode by
/// these names; the SQL is written from the same list, so a name and its
/// position cannot drift apart. (Positions, not GRDB's name lookup, because
/// a name lookup costs more than the rest of decoding a row, and a cycle
/// decodes every document of its source.)
enum DocumentColumn: Int, CaseIterable {
    case url, source, listedTitle, listedDate, status, lastError, firstSeenAt, lastCheckedAt, lastChangedAt, etag,
        lastModified, listed, contentHash, publishedAt, readingRules, revision
    /// Present only in ``selectWithSnapshots``: the joined snapshot.
    static let snapshot = allCases.count

    var name: String {
        switch self {
        case .url: "url"
        case .source: "source"
        case .listedTitle: "listed_title"
        case .listedDate: "listed_date"
        case .status: "status"
        case .lastError: "last_error"
        case .firstSeenAt: "first_seen_at"
        case .lastCheckedAt: "last_checked_at"
        case .lastChangedAt: "last_changed_at"
        case .etag: "etag"
        case .lastModified: "last_modified"
        case .listed: "listed"
        case .contentHash: "content_hash"
        case .publishedAt: "published_at"
        case .readingRules: "reading_rules"
        case .revision: "revision"
        }
    }

    /// `d.url, d.source, …`: the columns of `document d`, in order.
    static let selectList = allCases.map { "d." + $0.name }.joined(separator: ", ")

    /// Documents without snapshots; append WHERE/ORDER on `d`.
    static let select = "SELECT \(selectList) FROM document d"

    /// Documents with their snapshots; append WHERE/ORDER on `d`.
    static let selectWithSnapshots = """
        SELECT \(selectList), s.snapshot FROM document d
        LEFT JOIN document_snapshot s ON s.source = d.source AND s.url = d.url
        """

    /// The documents of one source, first seen first, with or without
    /// snapshots: made once, since every cycle of every source runs one
    /// (a cached statement is found by its text).
    static let selectOfSource = (
        plain: select + ofSource, withSnapshots: selectWithSnapshots + ofSource
    )
    private static let ofSource = " WHERE d.source = ? ORDER BY d.first_seen_at, d.url"
}

/// Rows into the store's models.
enum StoreRows {
    static func timestamp(_ value: Double?) -> Timestamp? { value.map(Timestamp.init(epochSeconds:)) }

    /// A document from a row of ``DocumentColumn`` (plus the snapshot after
    /// them when selected; without it the snapshot is not loaded).
    static func document(_ row: Row) -> StoredDocument {
        typealias Column = DocumentColumn
        let status: String = row[Column.status.rawValue]
        var document = StoredDocument(
            url: row[Column.url.rawValue], source: row[Column.source.rawValue],
            listedTitle: row[Column.listedTitle.rawValue], listedDate: row[Column.listedDate.rawValue],
            status: StoredDocument.Status(rawValue: status) ?? .active,
            lastError: row[Column.lastError.rawValue],
            firstSeenAt: Timestamp(epochSeconds: row[Column.firstSeenAt.rawValue]),
            lastCheckedAt: timestamp(row[Column.lastCheckedAt.rawValue]),
            lastChangedAt: timestamp(row[Column.lastChangedAt.rawValue]),
            etag: row[Column.etag.rawValue], lastModified: row[Column.lastModified.rawValue],
            listed: row[Column.listed.rawValue]
        )
        // Assigned, not passed to init: init would compute the hash again
        // (a fold of every entry) that the row already holds.
        document.snapshot = row.count > Column.snapshot ? snapshot(row[Column.snapshot]) : nil
        document.contentHash = row[Column.contentHash.rawValue]
        document.publishedAt = row[Column.publishedAt.rawValue]
        document.readingRules = row[Column.readingRules.rawValue]
        document.revision = row[Column.revision.rawValue]
        return document
    }

    /// A stored snapshot: ``SnapshotCoding`` (a BLOB), or JSON TEXT from
    /// before it.
    static func snapshot(_ value: DatabaseValue) -> DocumentSnapshot? {
        stored(value).flatMap { SnapshotCoding.decode($0) }
    }

    /// The bytes a snapshot column holds (rows of JSON were once text).
    static func stored(_ value: DatabaseValue) -> Data? {
        switch value.storage {
        case let .blob(data): data
        case let .string(text): Data(text.utf8)
        default: nil
        }
    }

    /// The columns ``sourceState(_:)`` reads, in the order it reads them:
    /// by index, since looking each up by name was most of decoding a
    /// source's state, which every cycle of every source does.
    static let sourceColumns = """
        name, baseline_done, consecutive_failures, failing_since, failing_alerted, last_error, last_attempt_at,
        last_success_at, next_due_at, listing_etag, listing_last_modified, listing_read_whole_at, columns_fingerprint
        """

    /// `SELECT` of ``sourceColumns`` from `source`, made once: every cycle
    /// of every source runs it (a cached statement is found by its text).
    static let selectSources = "SELECT \(sourceColumns) FROM source"

    /// ``selectSources`` of one source, by name: made once, for the same reason.
    static let selectSourceNamed = selectSources + " WHERE name = ?"

    /// A row of ``selectSources``.
    static func sourceState(_ row: Row) -> SourceState {
        var state = SourceState(name: row[0])
        state.baselineDone = row[1]
        state.consecutiveFailures = row[2]
        state.failingSince = timestamp(row[3])
        state.failingAlerted = row[4]
        state.lastError = row[5]
        state.lastAttemptAt = timestamp(row[6])
        state.lastSuccessAt = timestamp(row[7])
        state.nextDueAt = timestamp(row[8])
        state.listingEtag = row[9]
        state.listingLastModified = row[10]
        state.listingReadWholeAt = timestamp(row[11])
        state.columnsFingerprint = row[12]
        return state
    }

    static func outbox(_ row: Row) -> OutboxAlert {
        let payload: Data = row["payload"]
        return OutboxAlert(
            sequence: row["sequence"], id: row["id"], kind: row["kind"], source: row["source"],
            createdAt: Timestamp(epochSeconds: row["created_at"]), payload: OutboxPayload.json(payload),
            spooledAt: timestamp(row["spooled_at"]), loggedAt: timestamp(row["logged_at"])
        )
    }
}
