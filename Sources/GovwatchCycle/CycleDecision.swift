package import GovwatchConfig
package import GovwatchCore

/// What a source's cycle concludes from what it fetched: which articles to
/// fetch, and then the new state and the alerts. Pure: no I/O, no clock (the
/// time is given), so every case is tested in process
/// (`GovwatchMonitorTests/CycleDecisionTests`).
package struct CycleDecision: Sendable {
    package let source: GovwatchConfiguration.Source
    /// Consecutive failed cycles before `source.failing` is raised.
    package let failureThreshold: Int
    package let now: Timestamp
    /// Recheck every known document now, whatever its schedule (`once --recheck`).
    package var recheckAll = false

    package init(
        source: GovwatchConfiguration.Source, failureThreshold: Int, now: Timestamp, recheckAll: Bool = false
    ) {
        self.source = source
        self.failureThreshold = failureThreshold
        self.now = now
        self.recheckAll = recheckAll
    }

    package var factory: AlertFactory {
        AlertFactory(source: source.name, detectedAt: now, sourceTitle: source.title)
    }

    /// The factory for a document's alerts, whose ids follow its stored
    /// revision (none stored: a first publication, revision 0).
    package func alerts(about stored: StoredDocument?) -> AlertFactory {
        factory.document(revision: stored?.revision ?? 0)
    }

    /// Step 2: which articles to fetch this cycle, and why, and how many
    /// known ones wait for their turn. `listing` nil: the listing answered
    /// 304, so nothing is new or missing.
    /// `elsewhere`: listed articles another source already holds, which
    /// are that source's document (one URL, one document) and not fetched.
    package func articlesToFetch(
        listing: [ListingItem]?, documents: [String: StoredDocument], elsewhere: Set<String> = []
    ) -> FetchPlan {
        var plan = FetchPlan()
        for item in listing ?? []
        where !elsewhere.contains(item.url) && (documents[item.url].map { $0.status == .removed } ?? true) {
            plan.wanted[item.url] = .new(item)
        }
        if let listing {
            let listed = Set(listing.map(\.url))
            for document in documents.values
            where document.listed && !listed.contains(document.url) && document.status != .removed {
                plan.wanted[document.url] = .missing
            }
        }
        // An article source's one page is fetched every run (before the
        // schedule below, so it is never also counted as skipped).
        if source.type == .article, let document = documents[source.url], document.status != .removed {
            plan.wanted[source.url] = .recheck
        }
        for document in documents.values where plan.wanted[document.url] == nil && document.status != .removed {
            switch recheck(document) {
            case .due: plan.wanted[document.url] = .recheck
            case .notDue: plan.notDue += 1
            case .archived: plan.archived += 1
            }
        }
        return plan
    }

    /// Where a known document is in its recheck schedule: every
    /// `recheckInterval` inside the window after publication, then every
    /// `archiveInterval` for as long as it is known (never, when that is 0).
    package func recheck(_ document: StoredDocument) -> RecheckState {
        if recheckAll { return .due }
        let archived = now - document.publishedTimestamp > source.recheckWindow
        let interval = archived ? source.archiveInterval : source.recheckInterval
        if archived && interval == .zero { return .archived }
        // Checked "in the future": the clock was set back since. Waiting
        // for it would stop detection for as long as the clock went back.
        guard let checked = document.lastCheckedAt, checked <= now else { return .due }
        if now - checked >= interval { return .due }
        return archived ? .archived : .notDue
    }

    package enum RecheckState: Equatable {
        case due
        /// Inside the window, checked less than `recheckInterval` ago.
        case notDue
        /// Past the window: waiting for its `archiveInterval`, or never again.
        case archived
    }

    /// The stored snapshots ``decide(_:documents:)`` will read: those URLs,
    /// or nil for all of the source's (a new report needs its predecessor in
    /// the series, which may be any of them). A cycle of 304s needs none.
    package func snapshotsNeeded(_ observation: CycleObservation, documents: [String: StoredDocument]) -> [String]? {
        let alertsForNew = observation.state.baselineDone || source.baseline == .alert
        var urls: [String] = []
        for article in observation.articles {
            let stored = documents[article.url]?.contentHash
            switch (article.purpose, article.outcome) {
            case (.new, .extracted):
                if alertsForNew { return nil }
            case let (.missing, .extracted(_, hash, _)), let (.recheck, .extracted(_, hash, _)):
                // Same content as stored (a server without validators): nothing to compare.
                if let stored, stored != hash { urls.append(article.url) }
            case (.missing, .unparsed), (.missing, .gone), (.recheck, .unparsed), (.recheck, .gone):
                if stored != nil { urls.append(article.url) }
            default:
                continue
            }
        }
        return urls
    }

    /// Step 4: compares what was fetched with what is stored, and builds the
    /// commit and its alerts. `documents` carry the snapshots that
    /// ``snapshotsNeeded(_:documents:)`` asked for.
    package func decide(
        _ observation: CycleObservation, documents stored: [String: StoredDocument], carried: Carried = Carried()
    ) -> CycleReport {
        var tally = Tally(documents: stored, carried: carried)
        tallyArticles(observation, into: &tally)
        // Documents listed again (or pushed off the listing) without a fetch.
        for item in observation.listing ?? [] {
            guard var document = tally.documents[item.url], !document.listed, !tally.changed.contains(item.url) else {
                continue
            }
            document.listed = true
            tally.update(document)
        }
        if source.type == .article, let failure = articleSourceFailure(observation, tally) {
            return failed(state: observation.state, reason: failure.reason, documents: failure.documents)
        }
        var report = finish(observation, tally)
        report.commit.heldElsewhere = observation.heldElsewhere
        return report
    }

    /// What earlier batches of a cycle leave for the ones after them: the
    /// counts and the new documents the finish reports, no pages.
    package struct Carried: Sendable {
        package var fetched = 0
        package var alerts = 0
        package var fetchFailures = 0
        package var newFetchFailures = 0
        package var newDocuments: [(url: String, title: String?, entries: Int)] = []

        package init(
            fetched: Int = 0, alerts: Int = 0, fetchFailures: Int = 0, newFetchFailures: Int = 0,
            newDocuments: [(url: String, title: String?, entries: Int)] = []
        ) {
            self.fetched = fetched
            self.alerts = alerts
            self.fetchFailures = fetchFailures
            self.newFetchFailures = newFetchFailures
            self.newDocuments = newDocuments
        }
    }

    /// A batch of a cycle that is not its last: the batch's documents,
    /// snapshots and alerts, committed with the source's state as it was
    /// loaded. The listing's validators, the baseline and recovery wait for
    /// the last batch (``decide(_:documents:carried:)``), so a cycle cut
    /// short reads the listing again and fetches only what it had not stored.
    ///
    /// `documents` come back with the batch's documents as committed: they
    /// are moved into the tally and back, updated in place. Passed by value,
    /// the tally's first update copied every document of the source, at
    /// each batch of its cycle: quadratic in a column's reports (perf of
    /// the warm cycle).
    package func decideBatch(
        _ observation: CycleObservation, documents: inout [String: StoredDocument], carried: Carried
    ) -> (report: CycleReport, carried: Carried) {
        var tally = Tally(documents: documents, carried: carried)
        documents = [:]  // the tally's reference is the only one
        tallyArticles(observation, into: &tally)
        // A cycle killed after this batch leaves new articles unfetched
        // that may sit deep in the listing: the next one reads it whole.
        var state = observation.state
        state.listingReadWholeAt = nil
        let commit = CycleCommit(
            source: state, documents: tally.changedDocuments, alerts: tally.alerts, createdAt: now,
            changedSnapshots: tally.changedSnapshots, firstRecorded: tally.firstRecorded,
            checkedOnly: tally.checkedOnly)
        let next = Carried(
            fetched: carried.fetched + observation.articles.count, alerts: carried.alerts + tally.alerts.count,
            fetchFailures: tally.fetchFailures, newFetchFailures: tally.newFetchFailures,
            newDocuments: tally.newDocuments)
        let summary = "batch of \(observation.articles.count) committed"
        let report = CycleReport(commit: commit, summary: summary, failures: tally.failures)
        documents = tally.documents
        return (report, next)
    }

    /// Each fetched article's step, recorded in `tally` (in place: a copy
    /// would copy its documents at the first update).
    package func tallyArticles(_ observation: CycleObservation, into tally: inout Tally) {
        let listed = observation.listing.map { Set($0.map(\.url)) }
        let alertsForNew = observation.state.baselineDone || source.baseline == .alert
        for article in observation.articles.sorted(by: { $0.url < $1.url }) {
            switch article.purpose {
            case let .new(item):
                tally.record(newDocument(article, item: item, alert: alertsForNew, among: tally.documents), new: true)
            case .missing, .recheck:
                guard let document = tally.documents[article.url] else { continue }
                // An unchanged (304) listing says nothing new: trust what it showed last time.
                let inListing = listed.map { $0.contains(article.url) }
                tally.record(knownDocument(document, outcome: article.outcome, inListing: inListing), new: false)
            }
        }
    }

    /// An article source has one page: when its fetch failed, the cycle failed.
    package func articleSourceFailure(_ observation: CycleObservation, _ tally: Tally) -> (
        reason: String, documents: [StoredDocument]
    )? {
        if tally.fetchFailures > 0,
            let document = tally.documents[source.url] ?? tally.documents.values.min(by: Tally.older)
        {
            return (document.lastError ?? "fetch failed", tally.changedDocuments)
        }
        if tally.documents[source.url] == nil {
            return (observation.articles.first?.outcome.description ?? "fetch failed", [])
        }
        return nil
    }
}
