import GovwatchConfig
import GovwatchCore
import GovwatchExtract
import GovwatchFetch
import GovwatchStore
import Logging

/// One cycle of one source: read the listing, fetch new and due articles,
/// compare them with what is stored, and build the commit (new state plus
/// the alerts it causes). Nothing is written here; the caller commits.
struct SourceCycle {
    let source: GovwatchConfiguration.Source
    let configuration: GovwatchConfiguration
    let fetcher: Fetcher
    let now: Timestamp
    let logger: Logger

    /// The result of fetching and extracting one article.
    enum ArticleOutcome: Sendable {
        /// Extracted, with the snapshot's content hash.
        case extracted(DocumentSnapshot, hash: String, Validators)
        case notModified
        case unparsed(String, Validators)
        case gone(Int)
        case failed(FetchError)
    }

    struct Report: Sendable {
        var commit: CycleCommit
        /// One line for the log: what the cycle did.
        var summary: String
    }

    /// Loads stored snapshots by URL (nil: all of the source's).
    typealias SnapshotLoader = @Sendable ([String]?) async throws(StoreError) -> [String: DocumentSnapshot]

    /// Runs the cycle over `known` documents, loaded without their snapshots:
    /// after fetching, only the snapshots the outcomes need are loaded (the
    /// old content of pages that answered with a body, or every document's
    /// when a new report needs its predecessor in the series). A cycle of
    /// 304s decodes none.
    func run(state: SourceState, documents known: [StoredDocument], snapshots load: SnapshotLoader) async throws(StoreError) -> Report {
        var documents = Dictionary(uniqueKeysWithValues: known.map { ($0.url, $0) })
        switch await fetch(state: state, documents: documents) {
        case let .failed(report):
            return report
        case let .fetched(fetched):
            let needed = snapshotsNeeded(fetched, documents: documents)
            if needed.map({ !$0.isEmpty }) ?? true {
                for (url, snapshot) in try await load(needed) where documents[url] != nil {
                    documents[url]?.snapshot = snapshot
                }
            }
            return decide(fetched, documents: documents, known: known)
        }
    }

    /// What steps 1–3 (listing, choice, fetch) leave for step 4.
    struct Fetched: Sendable {
        var state: SourceState
        var items: [ListingItem]?
        var newListingValidators: Validators?
        var outcomes: [(url: String, purpose: Purpose, outcome: ArticleOutcome)]
    }

    enum Progress: Sendable {
        case failed(Report)
        case fetched(Fetched)
    }

    /// The snapshots step 4 reads: URLs, or nil for all of the source's.
    func snapshotsNeeded(_ fetched: Fetched, documents: [String: StoredDocument]) -> [String]? {
        let baseline = !fetched.state.baselineDone
        var urls: [String] = []
        for (url, purpose, outcome) in fetched.outcomes {
            switch (purpose, outcome) {
            case (.new, .extracted):
                if !baseline || source.baseline == .alert { return nil }
            case let (.missing, .extracted(_, hash, _)), let (.recheck, .extracted(_, hash, _)):
                // Same content as stored (a server without validators): nothing to compare.
                if let stored = documents[url]?.contentHash, stored != hash { urls.append(url) }
            case (.missing, .unparsed), (.missing, .gone), (.recheck, .unparsed), (.recheck, .gone):
                if documents[url]?.contentHash != nil { urls.append(url) }
            default:
                continue
            }
        }
        return urls
    }

    /// Steps 1–3: the listing, which articles to fetch, and the fetches.
    func fetch(state initial: SourceState, documents: [String: StoredDocument]) async -> Progress {
        var state = initial
        state.lastAttemptAt = now
        let factory = AlertFactory(source: source.name, detectedAt: now)
        var newListingValidators: Validators?

        // 1. The listing (or, for an article source, the article itself).
        let listing: ListingResult
        switch source.type {
        case .column: listing = await readListing(state: state)
        case .article: listing = .items([ListingItem(url: source.url, title: nil, date: nil)], validators: Validators())
        }
        let items: [ListingItem]?
        switch listing {
        case let .failed(reason):
            return .failed(failedCycle(state: state, reason: reason, factory: factory, documents: []))
        case .unchanged:
            items = nil
        case let .items(list, validators):
            items = list
            newListingValidators = validators
        }

        // 2. Which articles to fetch this cycle, and why.
        let listed = Set(items?.map(\.url) ?? [])
        var wanted: [String: Purpose] = [:]
        // New, or back after a removal (sites pull and re-post at the same URL).
        for item in items ?? [] where documents[item.url].map({ $0.status == .removed }) ?? true { wanted[item.url] = .new(item) }
        if items != nil {
            for document in documents.values where document.listed && !listed.contains(document.url) && document.status != .removed {
                wanted[document.url] = .missing
            }
        }
        for document in documents.values where wanted[document.url] == nil && document.status != .removed && isDue(document) {
            wanted[document.url] = .recheck
        }
        if source.type == .article, let document = documents[source.url], document.status != .removed {
            wanted[source.url] = .recheck
        }

        // 3. Fetch them concurrently; the fetcher keeps it polite.
        let outcomes = await fetchAll(wanted.map { url, purpose in (url, purpose, documents[url]) })
        return .fetched(Fetched(state: state, items: items, newListingValidators: newListingValidators, outcomes: outcomes))
    }

    /// Step 4 on: compare, build the alerts and the commit.
    func decide(_ fetched: Fetched, documents loaded: [String: StoredDocument], known: [StoredDocument]) -> Report {
        var state = fetched.state
        var documents = loaded
        let items = fetched.items
        let listed = Set(items?.map(\.url) ?? [])
        let outcomes = fetched.outcomes
        let factory = AlertFactory(source: source.name, detectedAt: now)
        var changed: Set<String> = []
        var changedSnapshots: Set<String> = []
        var alerts: [Alert] = []
        var fetchFailures = 0
        var newFetchFailures = 0
        var newDocuments: [(url: String, snapshot: DocumentSnapshot?)] = []
        let baseline = !state.baselineDone

        for (url, purpose, outcome) in outcomes.sorted(by: { $0.url < $1.url }) {
            switch purpose {
            case let .new(item):
                var document = StoredDocument(url: url, source: source.name, listedTitle: item.title, listedDate: item.date,
                                              firstSeenAt: now, listed: true)
                switch outcome {
                case let .extracted(snapshot, hash, validators):
                    document.set(snapshot, hash: hash)
                    changedSnapshots.insert(url)
                    document.etag = validators.etag
                    document.lastModified = validators.lastModified
                    document.lastCheckedAt = now
                    newDocuments.append((url, snapshot))
                    if !baseline || source.baseline == .alert {
                        let previous = previousInSeries(of: snapshot, url: url, among: documents.values)
                        alerts.append(factory.published(url: url, snapshot: snapshot, previous: previous, contentHash: hash))
                    }
                case let .unparsed(reason, validators):
                    // A new document without a report table is still news.
                    let snapshot = DocumentSnapshot(title: item.title, entries: [])
                    document.set(snapshot, hash: snapshot.contentHash)
                    changedSnapshots.insert(url)
                    document.lastError = reason
                    document.etag = validators.etag
                    document.lastModified = validators.lastModified
                    document.lastCheckedAt = now
                    newDocuments.append((url, snapshot))
                    if !baseline || source.baseline == .alert {
                        alerts.append(factory.published(url: url, snapshot: snapshot, previous: nil, parseError: reason))
                    }
                case .gone, .failed, .notModified:
                    // Not recorded: it is tried again next cycle as a new document.
                    fetchFailures += 1
                    newFetchFailures += 1
                    logger.warning("new article not fetched", metadata: ["source": "\(source.name)", "url": "\(url)",
                                                                         "reason": "\(describe(outcome))"])
                    continue
                }
                documents[url] = document
                changed.insert(url)
            case .missing, .recheck:
                guard var document = documents[url] else { continue }
                // An unchanged (304) listing says nothing new: trust what it showed last time.
                let inListing = items == nil ? document.listed : listed.contains(url)
                if items != nil { document.listed = inListing }
                switch outcome {
                case .notModified:
                    document.lastCheckedAt = now
                case let .gone(status) where !inListing || source.type == .article:
                    document.status = .removed
                    document.lastCheckedAt = now
                    document.lastChangedAt = now
                    alerts.append(factory.removed(url: url, last: document.snapshot, title: document.listedTitle, status: status))
                case let .gone(status):
                    document.lastError = "listed but answers HTTP \(status)"
                    fetchFailures += 1
                case let .failed(error):
                    document.lastError = error.description
                    fetchFailures += 1
                case let .unparsed(reason, _):
                    document.lastCheckedAt = now
                    document.lastError = reason
                    if let last = document.snapshot, !last.entries.isEmpty, document.status != .unparsed {
                        alerts.append(factory.unparsed(url: url, last: last, reason: reason))
                    }
                    if document.snapshot.map({ !$0.entries.isEmpty }) ?? false { document.status = .unparsed }
                case let .extracted(snapshot, hash, validators):
                    document.lastCheckedAt = now
                    document.lastError = nil
                    if hash == document.contentHash {
                        // Same content (its stored snapshot was not even loaded).
                        document.status = .active
                        document.etag = validators.etag
                        document.lastModified = validators.lastModified
                        break
                    }
                    if let last = document.snapshot, last.entries.count >= 4, snapshot.entries.count * 2 < last.entries.count {
                        // A table that suddenly loses most rows is a page problem, not mass removals.
                        let reason = "entries dropped from \(last.entries.count) to \(snapshot.entries.count)"
                        if document.status != .unparsed {
                            alerts.append(factory.unparsed(url: url, last: last, reason: reason))
                        }
                        document.status = .unparsed
                        document.lastError = reason
                        break
                    }
                    document.status = .active
                    document.etag = validators.etag
                    document.lastModified = validators.lastModified
                    if let last = document.snapshot {
                        let diff = DocumentDiffer.diff(old: last, new: snapshot)
                        if !diff.isEmpty {
                            alerts.append(factory.changed(url: url, old: last, new: snapshot, diff: diff,
                                                          hashes: document.contentHash.map { ($0, hash) }))
                            document.lastChangedAt = now
                        }
                    }
                    document.set(snapshot, hash: hash)
                    changedSnapshots.insert(url)
                }
                documents[url] = document
                changed.insert(url)
            }
        }
        // Documents listed again (or pushed off the listing) without a fetch.
        if let items {
            for item in items {
                guard var document = documents[item.url], !document.listed, !changed.contains(item.url) else { continue }
                document.listed = true
                documents[item.url] = document
                changed.insert(item.url)
            }
        }

        // 4. An article source whose one fetch failed has failed its cycle.
        if source.type == .article, fetchFailures > 0, let document = documents[source.url] ?? known.first {
            return failedCycle(state: state, reason: document.lastError ?? "fetch failed", factory: factory,
                               documents: changed.compactMap { documents[$0] })
        }
        if source.type == .article, documents[source.url] == nil {
            let reason = outcomes.first.map { describe($0.outcome) } ?? "fetch failed"
            return failedCycle(state: state, reason: reason, factory: factory, documents: [])
        }

        // 5. Success: recovery, baseline, schedule.
        if state.failingAlerted, let episode = state.failingSince {
            alerts.append(factory.recovered(failures: state.consecutiveFailures, episode: episode))
        }
        state.consecutiveFailures = 0
        state.failingSince = nil
        state.failingAlerted = false
        state.lastError = fetchFailures > 0 ? "\(fetchFailures) article(s) could not be fetched" : nil
        state.lastSuccessAt = now
        // Remember the listing's validators only when every new article was
        // fetched: otherwise the next conditional request would answer 304
        // and the missed article would never be tried again.
        if let validators = fetched.newListingValidators, newFetchFailures == 0 {
            state.listingEtag = validators.etag
            state.listingLastModified = validators.lastModified
        } else if newFetchFailures > 0 {
            state.listingEtag = nil
            state.listingLastModified = nil
        }
        if baseline {
            state.baselineDone = true
            if source.baseline == .silent {
                alerts.append(factory.baseline(documents: newDocuments))
            }
        }
        let commit = CycleCommit(source: state, documents: changed.sorted().compactMap { documents[$0] }, alerts: alerts,
                                 createdAt: now, changedSnapshots: changedSnapshots)
        let summary = "listing \(items.map { "\($0.count) items" } ?? "unchanged"), fetched \(outcomes.count), "
            + "\(alerts.count) alert(s)" + (fetchFailures > 0 ? ", \(fetchFailures) fetch failure(s)" : "")
        return Report(commit: commit, summary: summary)
    }

    enum Purpose: Sendable {
        case new(ListingItem)
        case missing
        case recheck
    }

    func isDue(_ document: StoredDocument) -> Bool {
        if now - document.publishedTimestamp > source.recheckWindow { return false }
        guard let checked = document.lastCheckedAt else { return true }
        return now - checked >= source.recheckInterval
    }

    /// The failed-cycle commit: count the failure, alert at the threshold.
    func failedCycle(state initial: SourceState, reason: String, factory: AlertFactory, documents: [StoredDocument]) -> Report {
        var state = initial
        state.consecutiveFailures += 1
        if state.failingSince == nil { state.failingSince = now }
        state.lastError = reason
        var alerts: [Alert] = []
        if state.consecutiveFailures >= configuration.daemon.failureThreshold, !state.failingAlerted, let episode = state.failingSince {
            alerts.append(factory.failing(failures: state.consecutiveFailures, error: reason, episode: episode))
            state.failingAlerted = true
        }
        let commit = CycleCommit(source: state, documents: documents, alerts: alerts, createdAt: now)
        return Report(commit: commit, summary: "failed (\(state.consecutiveFailures) in a row): \(reason)")
    }

    /// The most recent other report of the same series in this source.
    func previousInSeries(of snapshot: DocumentSnapshot, url: String, among documents: Dictionary<String, StoredDocument>.Values)
        -> (url: String, snapshot: DocumentSnapshot)? {
        guard let title = snapshot.title, let series = ReportSeries.key(title: title) else { return nil }
        let candidates = documents.filter { document in
            guard document.url != url, let other = document.snapshot, !other.entries.isEmpty, let otherTitle = other.title,
                  ComparableText.fold(otherTitle) != ComparableText.fold(title) else { return false }
            return ReportSeries.key(title: otherTitle) == series
        }
        guard let previous = candidates.max(by: { ($0.publishedTimestamp, $0.url) < ($1.publishedTimestamp, $1.url) }),
              let previousSnapshot = previous.snapshot else { return nil }
        return (previous.url, previousSnapshot)
    }

    func describe(_ outcome: ArticleOutcome) -> String {
        switch outcome {
        case let .failed(error): error.description
        case let .gone(status): "HTTP \(status)"
        case let .unparsed(reason, _): reason
        case .notModified: "not modified"
        case .extracted: "ok"
        }
    }
}
