import GovwatchHTML

/// Why a page gave nothing to extract. `message` is one line naming what was
/// missing, fit for a log line or a command's error output.
public struct ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Value: Sendable, Hashable { case unreadable, notMarkup, truncated, noReportTable, noListing }
        let value: Value
        /// The bytes could not be parsed at all (empty, unknown charset, …).
        public static let unreadable = Code(value: .unreadable)
        /// The bytes are not HTML or XML at all (no tag near the start).
        public static let notMarkup = Code(value: .notMarkup)
        /// The page ends before its closing `</html>`: a cut transfer, not a short report.
        public static let truncated = Code(value: .truncated)
        /// The page parsed but has no table with a task and a progress column.
        public static let noReportTable = Code(value: .noReportTable)
        /// The page parsed but lists no article links.
        public static let noListing = Code(value: .noListing)

        public var description: String {
            switch value {
            case .unreadable: "unreadable"
            case .notMarkup: "notMarkup"
            case .truncated: "truncated"
            case .noReportTable: "noReportTable"
            case .noListing: "noListing"
            }
        }
    }

    public let code: Code
    public let message: String
    /// How the page was read, when the extractor was asked to explain.
    public let notes: [String]
    /// A page with no report table that links files: its metadata and the
    /// files, where the report may be (``ArticleExtractor/extract(attached:files:)``).
    public let attached: AttachedReport?

    public init(_ code: Code, _ message: String, notes: [String] = [], attached: AttachedReport? = nil) {
        self.code = code
        self.message = message
        self.notes = notes
        self.attached = attached
    }

    init(_ error: MarkupError) {
        self.init(.unreadable, "unreadable document: \(error.message)")
    }

    public var description: String { message }
}
