import GovwatchConfig
import GovwatchCore
import GovwatchCycle
import GovwatchFetch
import GovwatchStore
import Logging

/// One cycle of one source: read the listing, fetch new and due articles,
/// then let ``CycleDecision`` compare them with what is stored and build the
/// commit (new state plus the alerts it causes). Nothing is written here;
/// the caller commits.
struct SourceCycle {
    let source: GovwatchConfiguration.Source
    private(set) var decision: CycleDecision
    /// The operator changed `[sources.columns]`: every document is fetched
    /// whole and read again, and a reading that differs raises nothing.
    private(set) var columnsChanged = false
    let fetcher: Fetcher
    let attachments: AttachmentReader
    let logger: Logger

    init(
        source: GovwatchConfiguration.Source, failureThreshold: Int, recheckAll: Bool = false, fetcher: Fetcher,
        attachments: AttachmentReader = .inProcess, now: Timestamp, logger: Logger
    ) {
        self.source = source
        self.attachments = attachments
        self.decision = CycleDecision(
            source: source, failureThreshold: failureThreshold, now: now, recheckAll: recheckAll)
        self.fetcher = fetcher
        self.logger = logger
    }

    /// Loads stored snapshots by URL (nil: all of the source's).
    typealias SnapshotLoader = @Sendable ([String]?) async throws(StoreError) -> [String: DocumentSnapshot]
    /// Commits one batch of a cycle (all but the last, which the caller commits).
    typealias BatchCommitter = @Sendable (CycleCommit) async throws(StoreError) -> Void
    /// Which of these URLs another source already holds.
    typealias ElsewhereLookup = @Sendable ([String]) async throws(StoreError) -> Set<String>

    /// Runs the cycle over `known` documents, loaded without their snapshots.
    /// The articles to fetch go in batches of `batchSize`: each batch is
    /// fetched, decided and (but the last) committed through `commitBatch`
    /// before the next is fetched, so no more than `batchSize` parsed pages
    /// are held at once. After each batch's fetches, only the snapshots its
    /// outcomes need are loaded (the old content of pages that answered with
    /// a body, or every document's when a new report needs its predecessor in
    /// the series); a cycle of 304s decodes none. Returns the last batch's
    /// report, or nil when the task was cancelled (nothing more is committed).
    func run(
        state: SourceState, documents known: [StoredDocument], batchSize: Int = 100,
        snapshots load: @escaping SnapshotLoader,
        commitBatch: BatchCommitter = { _ throws(StoreError) in },
        heldElsewhere: ElsewhereLookup = { _ throws(StoreError) in [] }
    ) async throws(StoreError) -> CycleReport? {
        if state.columnsChanged(to: source.columns), !columnsChanged {
            var rereading = self
            rereading.columnsChanged = true
            rereading.decision.recheckAll = true
            logger.info("columns changed: every report is read again", metadata: ["source": "\(source.name)"])
            return try await rereading.run(
                state: state, documents: known, batchSize: batchSize, snapshots: load, commitBatch: commitBatch,
                heldElsewhere: heldElsewhere)
        }
        var documents = Dictionary(uniqueKeysWithValues: known.map { ($0.url, $0) })
        var planned: Planned
        switch await plan(state: state, documents: documents) {
        case let .failed(state, reason):
            return decision.failed(state: state, reason: reason, documents: [])
        case let .planned(value):
            planned = value
        }
        // One URL, one document: articles another source holds are its own.
        if let listing = planned.listing {
            let elsewhere = try await heldElsewhere(listing.map(\.url).filter { documents[$0] == nil })
            if !elsewhere.isEmpty {
                planned.heldElsewhere = elsewhere
                planned.plan = decision.articlesToFetch(listing: listing, documents: documents, elsewhere: elsewhere)
            }
        }
        let wanted = planned.plan.wanted.sorted { $0.key < $1.key }
        let size = max(batchSize, 1)
        let starts = Array(stride(from: 0, to: max(wanted.count, 1), by: size))
        var carried = CycleDecision.Carried()
        var earlierAlerts: [Alert] = []
        for (index, start) in starts.enumerated() {
            let batch = wanted[start..<min(start + size, wanted.count)]
            let articles = await fetchAll(
                batch.map { url, purpose in (url, purpose, documents[url]) }, snapshots: load)
            if Task.isCancelled { return nil }  // fetches cut short by shutdown say nothing of the site
            let observation = planned.observation(articles)
            let needed = decision.snapshotsNeeded(observation, documents: documents)
            if needed.map({ !$0.isEmpty }) ?? true {
                for (url, snapshot) in try await load(needed) where documents[url] != nil {
                    documents[url]?.snapshot = snapshot
                }
            }
            guard index < starts.count - 1 else {
                var report = decision.decide(observation, documents: documents, carried: carried)
                report.earlierAlerts = earlierAlerts
                log(report.failures)
                return report
            }
            let (report, next) = decision.decideBatch(observation, documents: &documents, carried: carried)
            try await commitBatch(report.commit)
            earlierAlerts += report.commit.alerts
            log(report.failures)
            for document in report.commit.documents {
                documents[document.url]?.snapshot = nil  // stored now: the batch's pages are let go
            }
            carried = next
        }
        return nil  // not reached: the last batch returns
    }

    /// A cycle whose listing was read and whose fetches are chosen.
    struct Planned: Sendable {
        var state: SourceState
        var listing: [ListingItem]?
        var listingValidators: Validators?
        var plan: FetchPlan
        var heldElsewhere: Set<String> = []
        var listingReadAll = true

        func observation(_ articles: [FetchedArticle]) -> CycleObservation {
            var observation = CycleObservation(
                state: state, listing: listing, listingValidators: listingValidators, articles: articles,
                skipped: (plan.notDue, plan.archived), heldElsewhere: heldElsewhere)
            observation.listingReadAll = listingReadAll
            return observation
        }
    }

    enum Planning: Sendable {
        /// The listing could not be read: the cycle failed.
        case failed(SourceState, String)
        case planned(Planned)
    }

    /// Steps 1 and 2: the listing, then the articles
    /// ``CycleDecision/articlesToFetch(listing:documents:)`` chooses.
    func plan(state initial: SourceState, documents: [String: StoredDocument]) async -> Planning {
        var state = initial
        state.lastAttemptAt = decision.now
        let listing: [ListingItem]?
        var listingValidators: Validators?
        var listingReadAll = true
        switch source.type {
        case .column, .links, .feed:
            let known = Set(documents.values.filter { $0.status != .removed }.map(\.url))
            switch await readListing(state: state, known: known) {
            case let .failed(reason): return .failed(state, reason)
            case .unchanged: listing = nil
            case let .items(pages, validators):
                listing = pages.listing(documents: documents)
                listingValidators = validators
                listingReadAll = pages.readAll
            }
        case .article:
            listing = [ListingItem(url: source.url, title: nil, date: nil)]
            listingValidators = Validators()
        }
        let plan = decision.articlesToFetch(listing: listing, documents: documents)
        var planned = Planned(state: state, listing: listing, listingValidators: listingValidators, plan: plan)
        planned.listingReadAll = listingReadAll
        return .planned(planned)
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
