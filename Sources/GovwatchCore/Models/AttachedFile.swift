/// A file a report was read from (附件), as it was fetched: what reviewers
/// see beside the report (a link to the official file, what was read from
/// it) and what tells a replaced file from the same one.
public struct AttachedFile: Sendable, Hashable, Codable {
    /// The name the article's link shows.
    public var name: String
    public var url: String
    public var bytes: Int
    /// SHA-256 of the file, lowercase hex.
    public var sha256: String
    /// How many of the snapshot's entries were read from it (they follow
    /// those of the files before it).
    public var entries: Int
    /// Why nothing was read from it (nil: it was read).
    public var problem: String?
    /// What the file is, as its bytes say (`docx`, `xlsx`, `doc`, `xls`,
    /// `pdf`, `html`); nil when they are none of these, or not fetched.
    public var type: String?
    /// The file's validators as its server sent them (ETag, Last-Modified),
    /// asked for conditionally at the next check; nil when it sent none.
    public var etag: String?
    public var lastModified: String?

    /// The validators to send when asking for the file again.
    public var validators: Validators {
        get { Validators(etag: etag, lastModified: lastModified) }
        set { (etag, lastModified) = (newValue.etag, newValue.lastModified) }
    }

    /// False for a file the page links to but that was not fetched (its
    /// report was read from the page): no size, no hash.
    public var wasFetched: Bool { !sha256.isEmpty }

    /// A file the page links to, recorded without fetching it.
    public static func linked(name: String, url: String) -> AttachedFile {
        AttachedFile(name: name, url: url, bytes: 0, sha256: "", entries: 0)
    }

    public init(name: String, url: String, bytes: Int, sha256: String, entries: Int, problem: String? = nil) {
        self.name = name
        self.url = url
        self.bytes = bytes
        self.sha256 = sha256
        self.entries = entries
        self.problem = problem
    }
}
