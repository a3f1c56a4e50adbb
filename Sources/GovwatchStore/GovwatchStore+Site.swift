import Foundation
import GRDB
public import GovwatchCore

/// A stored report as the reviewer site groups it: who holds it, its
/// title and how many entries it has, without the entries.
public struct ReportHeading: Sendable, Equatable {
    public var source: String
    public var url: String
    public var title: String?
    public var publishedAt: String?
    public var entryCount: Int
    /// An assignment notice (责任分解) rather than a progress report.
    public var assignment: Bool

    public init(
        source: String, url: String, title: String?, publishedAt: String?, entryCount: Int, assignment: Bool
    ) {
        self.source = source
        self.url = url
        self.title = title
        self.publishedAt = publishedAt
        self.entryCount = entryCount
        self.assignment = assignment
    }

    init(source: String, url: String, _ heading: SnapshotCoding.Heading) {
        self.init(
            source: source, url: url, title: heading.metadata.title, publishedAt: heading.metadata.publishedAt,
            entryCount: heading.entryCount, assignment: heading.kind == .assignment)
    }
}

/// What the reviewer site reads, a piece at a time: a full build must not
/// hold every snapshot (or every alert) of the store at once.
extension GovwatchStore {
    /// Every stored report with entries, one per URL (the document first
    /// seen, as ``StoredDocument/onePerURL`` picks), oldest first, read
    /// through a cursor from the headings stored beside the snapshots
    /// (``headingColumns``).
    /// `includingEmpty`: reports read with no entries too (a scan, a page
    /// whose table is in an attachment): the publication calendar counts
    /// them as published; the site shows only reports with entries.
    public func reportHeadings(includingEmpty: Bool = false) async throws(StoreError) -> [ReportHeading] {
        try await read { db in try Self.reportHeadings(db, includingEmpty: includingEmpty).headings }
    }

    /// ``reportHeadings(includingEmpty:)`` in `db`, and how many stored
    /// headings could not be read (a damaged heading and snapshot both, a
    /// snapshot without a heading whose frame is damaged or names a
    /// dictionary not loaded).
    static func reportHeadings(
        _ db: Database, includingEmpty: Bool
    ) throws -> (headings: [ReportHeading], unreadable: Int) {
        var seen: Set<String> = []
        var headings: [ReportHeading] = []
        var unreadable = 0
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT d.source, d.url, \(headingColumns) FROM document d
                LEFT JOIN document_snapshot s ON s.source = d.source AND s.url = d.url
                ORDER BY d.first_seen_at, d.url
                """)
        while let row = try rows.next() {
            let url: String = row[1]
            guard seen.insert(url).inserted else { continue }
            let (stored, snapshot): (Data?, Data?) = (row[2], row[3])
            guard stored != nil || snapshot != nil else { continue }
            guard let heading = try Self.heading(source: row[0], url: url, stored: stored, snapshot: snapshot, db)
            else {
                unreadable += 1
                continue
            }
            if includingEmpty || heading.entryCount > 0 {
                headings.append(ReportHeading(source: row[0], url: url, heading))
            }
        }
        return (headings, unreadable)
    }

    /// The heading of the report at `url`: the document first seen there,
    /// as ``reportHeadings()`` picks it (nil: none, or no entries).
    public func reportHeading(url: String) async throws(StoreError) -> ReportHeading? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT d.source, \(Self.headingColumns) FROM document d
                        LEFT JOIN document_snapshot s ON s.source = d.source AND s.url = d.url
                        WHERE d.url = ? ORDER BY d.first_seen_at LIMIT 1
                        """, arguments: [url])
            else { return nil }
            guard let heading = try Self.heading(source: row[0], url: url, stored: row[1], snapshot: row[2], db),
                heading.entryCount > 0
            else { return nil }
            return ReportHeading(source: row[0], url: url, heading)
        }
    }

    /// A row's heading from the columns ``headingColumns`` selects; a
    /// stored heading that cannot be read (damaged, or of a later layout)
    /// is read from the snapshot, which is then selected on its own.
    static func heading(
        source: String, url: String, stored: Data?, snapshot: Data?, _ db: Database
    ) throws -> SnapshotCoding.Heading? {
        if let heading = SnapshotCoding.heading(stored: stored, snapshot: snapshot) { return heading }
        guard stored != nil else { return nil }
        let whole = try Data.fetchOne(
            db, sql: "SELECT snapshot FROM document_snapshot WHERE source = ? AND url = ?", arguments: [source, url])
        return whole.flatMap(SnapshotCoding.heading)
    }

    /// A row's stored heading and, only where it has none, its snapshot
    /// (``SnapshotCoding/heading(stored:snapshot:)``): the snapshot's
    /// bytes are not read for a row whose heading is there.
    static let headingColumns = "s.heading, CASE WHEN s.heading IS NULL THEN s.snapshot END"

    /// The snapshots of `urls` (documents of `source`) with the bytes each
    /// is stored as; those without a snapshot, or whose snapshot cannot be
    /// read, are left out. Read in the order of `urls`, each beside the one
    /// read before it (the first beside `earlier`): give a series' reports
    /// oldest first, and the strings they carry over are shared, not made
    /// again (``SnapshotCoding/decode(_:like:)``; the snapshots are the same).
    public func storedSnapshots(
        source: String, urls: [String], after earlier: DocumentSnapshot? = nil
    ) async throws(StoreError) -> [String: StoredSnapshot] {
        try await read { db in try Self.storedSnapshots(source: source, urls: urls, after: earlier, chained: true, db) }
    }

    /// ``storedSnapshots(source:urls:after:)`` in `db`; ``snapshots(source:urls:)``
    /// reads by URL through it, not `chained`: its documents are not a
    /// series' reports in order, and each is read alone.
    static func storedSnapshots(
        source: String, urls: [String], after earlier: DocumentSnapshot? = nil, chained: Bool, _ db: Database
    ) throws -> [String: StoredSnapshot] {
        let statement = try db.cachedStatement(
            sql: "SELECT snapshot FROM document_snapshot WHERE source = ? AND url = ?")
        var found: [String: StoredSnapshot] = [:]
        var last = earlier
        for url in urls {
            guard let value = try DatabaseValue.fetchOne(statement, arguments: [source, url]),
                let stored = StoreRows.stored(value), let snapshot = SnapshotCoding.decode(stored, like: last)
            else { continue }
            found[url] = StoredSnapshot(snapshot: snapshot, stored: stored)
            if chained, !snapshot.entries.isEmpty { last = snapshot }
        }
        return found
    }

    /// When each alert was committed, oldest first (no payload is read).
    public func alertTimes() async throws(StoreError) -> [Timestamp] {
        try await read { db in
            try Double.fetchAll(db, sql: "SELECT created_at FROM outbox ORDER BY sequence").map {
                Timestamp(epochSeconds: $0)
            }
        }
    }

    /// Alerts committed between `from` and `through`, both included, oldest first.
    public func alerts(from: Timestamp, through: Timestamp) async throws(StoreError) -> [OutboxAlert] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE created_at BETWEEN ? AND ? ORDER BY sequence",
                arguments: [from.epochSeconds, through.epochSeconds]
            ).map(StoreRows.outbox)
        }
    }
}
