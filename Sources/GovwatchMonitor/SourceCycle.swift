import GovwatchConfig
import GovwatchCore
import GovwatchFetch
import GovwatchStore
import Logging

/// One cycle of one source: read the listing, fetch new and due articles,
/// then let ``CycleDecision`` compare them with what is stored and build the
/// commit (new state plus the alerts it causes). Nothing is written here;
/// the caller commits.
struct SourceCycle {
    let source: GovwatchConfiguration.Source
    let decision: CycleDecision
    let fetcher: Fetcher
    let logger: Logger

    init(
        source: GovwatchConfiguration.Source, failureThreshold: Int, recheckAll: Bool = false, fetcher: Fetcher,
        now: Timestamp, logger: Logger
    ) {
        self.source = source
        self.decision = CycleDecision(
            source: source, failureThreshold: failureThreshold, now: now, recheckAll: recheckAll)
        self.fetcher = fetcher
        self.logger = logger
    }

    /// Loads stored snapshots by URL (nil: all of the source's).
    typealias SnapshotLoader = @Sendable ([String]?) async throws(StoreError) -> [String: DocumentSnapshot]

    /// Runs the cycle over `known` documents, loaded without their snapshots:
    /// after fetching, only the snapshots the outcomes need are loaded (the
    /// old content of pages that answered with a body, or every document's
    /// when a new report needs its predecessor in the series). A cycle of
    /// 304s decodes none.
    func run(state: SourceState, documents known: [StoredDocument], snapshots load: SnapshotLoader)
        async throws(StoreError)
        -> CycleReport
    {
        var documents = Dictionary(uniqueKeysWithValues: known.map { ($0.url, $0) })
        let observation: CycleObservation
        switch await observe(state: state, documents: documents) {
        case let .failed(state, reason):
            return decision.failed(state: state, reason: reason, documents: [])
        case let .observed(observed):
            observation = observed
        }
        let needed = decision.snapshotsNeeded(observation, documents: documents)
        if needed.map({ !$0.isEmpty }) ?? true {
            for (url, snapshot) in try await load(needed) where documents[url] != nil {
                documents[url]?.snapshot = snapshot
            }
        }
        let report = decision.decide(observation, documents: documents)
        log(report.failures)
        return report
    }

    enum Observed: Sendable {
        /// The listing could not be read: the cycle failed.
        case failed(SourceState, String)
        case observed(CycleObservation)
    }

    /// Steps 1 and 3: the listing, then the articles step 2
    /// (``CycleDecision/articlesToFetch(listing:documents:)``) chose.
    func observe(state initial: SourceState, documents: [String: StoredDocument]) async -> Observed {
        var state = initial
        state.lastAttemptAt = decision.now
        let listing: [ListingItem]?
        var listingValidators: Validators?
        switch source.type {
        case .column:
            switch await readListing(state: state) {
            case let .failed(reason): return .failed(state, reason)
            case .unchanged: listing = nil
            case let .items(items, validators):
                listing = items
                listingValidators = validators
            }
        case .article:
            listing = [ListingItem(url: source.url, title: nil, date: nil)]
            listingValidators = Validators()
        }
        let plan = decision.articlesToFetch(listing: listing, documents: documents)
        // Fetched concurrently; the fetcher keeps it polite.
        let articles = await fetchAll(plan.wanted.map { url, purpose in (url, purpose, documents[url]) })
        return .observed(
            CycleObservation(
                state: state, listing: listing, listingValidators: listingValidators, articles: articles,
                skipped: (plan.notDue, plan.archived)))
    }

    /// Every article that could not be fetched, with its URL and why: at
    /// warning the first time, at info while the same document keeps
    /// failing (it is retried each cycle; the first line said it all).
    func log(_ failures: [FetchFailure]) {
        for failure in failures {
            logger.log(
                level: failure.repeated ? .info : .warning,
                failure.new ? "new article not fetched" : "article not fetched",
                metadata: ["source": "\(source.name)", "url": "\(failure.url)", "reason": "\(failure.reason)"])
        }
    }
}
