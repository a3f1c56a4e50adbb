/// A document govwatch knows, with its last extracted content.
public struct StoredDocument: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// Extracted and compared each recheck.
        case active
        /// Gone from its listing and answering 404/410.
        case removed
        /// Its table vanished or it stopped parsing; the last good snapshot is kept.
        case unparsed
    }

    public var url: String
    public var source: String
    /// The title from the listing (the page's own title is in `snapshot`).
    public var listedTitle: String?
    public var listedDate: String?
    /// The last extracted content; nil when not loaded (see
    /// the store's `documents(source:snapshots:)`) or never extracted.
    /// New content goes through ``set(_:hash:)``, which keeps the hash and
    /// date in step.
    public var snapshot: DocumentSnapshot?
    /// The snapshot's ``DocumentSnapshot/contentHash``, stored (computing it
    /// folds every entry).
    public var contentHash: String?
    /// The page's own publication date (stored apart from the snapshot).
    public var publishedAt: String?
    public var status: Status
    /// Why the last fetch or extraction failed, if it did.
    public var lastError: String?
    public var firstSeenAt: Timestamp
    public var lastCheckedAt: Timestamp?
    public var lastChangedAt: Timestamp?
    /// Validators for the next conditional request, stored with the content
    /// they belong to (never ahead of it: a 304 must mean "what we have").
    public var etag: String?
    public var lastModified: String?
    /// Whether the listing showed it last time (only then can its absence mean removal).
    public var listed: Bool
    /// The generation of reading rules its content was read with
    /// (``ReadingRules``): a page stored by earlier rules whose hash now
    /// differs is read once more with them, to tell an upgrade from an edit.
    public var readingRules: Int = ReadingRules.current.generation
    /// How many alerts this document has raised. Its next alert's id is
    /// derived from it (``AlertFactory/document(revision:)``), not from the
    /// time: two processes deciding on the same stored state, or a store
    /// restored from a backup, derive the same id for the same event, and
    /// the outbox, the spool and the log keep it once.
    public var revision: Int = 0

    public init(
        url: String, source: String, listedTitle: String? = nil, listedDate: String? = nil,
        snapshot: DocumentSnapshot? = nil, status: Status = .active, lastError: String? = nil,
        firstSeenAt: Timestamp, lastCheckedAt: Timestamp? = nil, lastChangedAt: Timestamp? = nil,
        etag: String? = nil, lastModified: String? = nil, listed: Bool = false
    ) {
        self.url = url
        self.source = source
        self.listedTitle = listedTitle
        self.listedDate = listedDate
        self.snapshot = snapshot
        self.contentHash = snapshot?.contentHash
        self.publishedAt = snapshot?.publishedAt
        self.status = status
        self.lastError = lastError
        self.firstSeenAt = firstSeenAt
        self.lastCheckedAt = lastCheckedAt
        self.lastChangedAt = lastChangedAt
        self.etag = etag
        self.lastModified = lastModified
        self.listed = listed
    }

    /// Takes new content whose hash the caller has computed.
    public mutating func set(_ snapshot: DocumentSnapshot, hash: String) {
        self.snapshot = snapshot
        contentHash = hash
        readingRules = ReadingRules.current.generation
        publishedAt = snapshot.publishedAt
    }

    /// When the document was published, for the recheck window: the page's
    /// own date, else the listing's, else when govwatch first saw it.
    public var publishedTimestamp: Timestamp {
        if let text = publishedAt, let value = Timestamp(rfc3339: text) { return value }
        if let text = listedDate, let value = Timestamp(rfc3339: text) { return value }
        return firstSeenAt
    }
}

extension Array where Element == StoredDocument {
    /// One document per article URL, the first seen kept, in order: what
    /// reviewers see. Stores from before one URL was one document may hold
    /// a URL under two sources (two columns listing the same report).
    public var onePerURL: [StoredDocument] {
        var seen = Set<String>()
        return self.filter { seen.insert($0.url).inserted }
    }
}
