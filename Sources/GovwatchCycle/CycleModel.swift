package import GovwatchCore

/// Why an article is fetched this cycle.
package enum Purpose: Sendable {
    /// On the listing and not known (or known as removed: sites pull and
    /// re-post at the same URL).
    case new(ListingItem)
    /// Known and listed last time, but gone from the listing now.
    case missing
    /// Known, and due for its conditional recheck.
    case recheck

    package var isRecheck: Bool {
        if case .recheck = self { return true }
        return false
    }

}

/// The result of fetching and extracting one article.
package enum ArticleOutcome: Sendable {
    /// Extracted, with the snapshot's content hash (computed while parsing,
    /// off the cycle's critical path).
    case extracted(DocumentSnapshot, hash: String, Validators)
    /// Extracted differently from the stored content only because the
    /// reading rules improved: read with the rules that stored it, the page
    /// hashes as stored (``ReadingRules``). Stored silently, never alerted.
    case reread(DocumentSnapshot, hash: String, Validators)
    /// 304: the stored content is current.
    case notModified
    /// Fetched, but no report could be read from it; the reason is one line.
    case unparsed(String, Validators)
    /// 404 or 410.
    case gone(Int)
    case failed(FetchProblem)

    /// One line for logs and stored errors.
    package var description: String {
        switch self {
        case let .failed(error): error.description
        case let .gone(status): "HTTP \(status)"
        case let .unparsed(reason, _): reason
        case .notModified: "not modified"
        case .extracted: "ok"
        case .reread: "ok (read again by newer rules)"
        }
    }
}

/// What a cycle fetches, and the known documents it leaves for later.
package struct FetchPlan: Sendable {
    package var wanted: [String: Purpose] = [:]
    /// Inside the recheck window, checked recently.
    package var notDue = 0
    /// Past the window, waiting for the archive interval (or never rechecked).
    package var archived = 0
}

/// One article fetched this cycle.
package struct FetchedArticle: Sendable {
    package var url: String
    package var purpose: Purpose
    package var outcome: ArticleOutcome

    package init(url: String, purpose: Purpose, outcome: ArticleOutcome) {
        self.url = url
        self.purpose = purpose
        self.outcome = outcome
    }
}

/// Everything a cycle saw before deciding anything: the listing and the
/// articles it fetched. The decision (``CycleDecision``) is a pure function
/// of this and the stored documents.
package struct CycleObservation: Sendable {
    /// The source's state as loaded, with this attempt's time.
    package var state: SourceState
    /// The listing's items; nil when it answered 304 (unchanged).
    package var listing: [ListingItem]?
    /// The validators of a listing that was read.
    package var listingValidators: Validators?
    package var articles: [FetchedArticle]
    /// Known documents not fetched this time: (not due, archived).
    package var skipped: (notDue: Int, archived: Int) = (0, 0)
    /// Listed articles another source already holds (not fetched here).
    package var heldElsewhere: Set<String> = []
    /// Whether the listing read covered every page the source allows
    /// (``ListingPages/readAll``); false when pages were left unread.
    package var listingReadAll = true

    package init(
        state: SourceState, listing: [ListingItem]?, listingValidators: Validators? = nil,
        articles: [FetchedArticle], skipped: (notDue: Int, archived: Int) = (0, 0), heldElsewhere: Set<String> = []
    ) {
        self.state = state
        self.listing = listing
        self.listingValidators = listingValidators
        self.articles = articles
        self.skipped = skipped
        self.heldElsewhere = heldElsewhere
    }
}

/// What a cycle concluded: the commit (new state plus the alerts it causes)
/// and one line for the log.
package struct CycleReport: Sendable {
    package var commit: CycleCommit
    package var summary: String
    /// Articles that could not be fetched, for the log.
    package var failures: [FetchFailure] = []
    /// Alerts committed by the cycle's earlier batches: with `commit.alerts`,
    /// every alert of the cycle (for the log and the metrics).
    package var earlierAlerts: [Alert] = []

    /// Every alert the cycle committed, all batches.
    package var allAlerts: [Alert] { earlierAlerts + commit.alerts }
}

/// An article that could not be fetched this cycle.
package struct FetchFailure: Sendable, Hashable {
    package var url: String
    /// One line: what failed and why (with the status for HTTP errors).
    package var reason: String
    /// Not recorded yet (it is tried again next cycle as new).
    package var new: Bool
    /// The document's previous fetch failed too, for the same reason (a new
    /// reason is said again at warning: a 500 that turns into a body over
    /// max_body is news to the operator).
    package var repeated: Bool
}
