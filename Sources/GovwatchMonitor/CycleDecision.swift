import GovwatchConfig
import GovwatchCore
import GovwatchStore

/// What a source's cycle concludes from what it fetched: which articles to
/// fetch, and then the new state and the alerts. Pure: no I/O, no clock (the
/// time is given), so every case is tested in process
/// (`GovwatchMonitorTests/CycleDecisionTests`).
struct CycleDecision: Sendable {
    let source: GovwatchConfiguration.Source
    /// Consecutive failed cycles before `source.failing` is raised.
    let failureThreshold: Int
    let now: Timestamp

    var factory: AlertFactory { AlertFactory(source: source.name, detectedAt: now) }

    /// Step 2: which articles to fetch this cycle, and why. `listing` nil:
    /// the listing answered 304, so nothing is new or missing.
    func articlesToFetch(listing: [ListingItem]?, documents: [String: StoredDocument]) -> [String: Purpose] {
        var wanted: [String: Purpose] = [:]
        for item in listing ?? [] where documents[item.url].map({ $0.status == .removed }) ?? true {
            wanted[item.url] = .new(item)
        }
        if let listing {
            let listed = Set(listing.map(\.url))
            for document in documents.values
            where document.listed && !listed.contains(document.url) && document.status != .removed {
                wanted[document.url] = .missing
            }
        }
        for document in documents.values
        where wanted[document.url] == nil && document.status != .removed && isDue(document) {
            wanted[document.url] = .recheck
        }
        if source.type == .article, let document = documents[source.url], document.status != .removed {
            wanted[source.url] = .recheck
        }
        return wanted
    }

    /// Whether a known document is due for a recheck: inside the recheck
    /// window after publication, and not checked for `recheckInterval`.
    func isDue(_ document: StoredDocument) -> Bool {
        if now - document.publishedTimestamp > source.recheckWindow { return false }
        guard let checked = document.lastCheckedAt else { return true }
        return now - checked >= source.recheckInterval
    }

    /// The stored snapshots ``decide(_:documents:)`` will read: those URLs,
    /// or nil for all of the source's (a new report needs its predecessor in
    /// the series, which may be any of them). A cycle of 304s needs none.
    func snapshotsNeeded(_ observation: CycleObservation, documents: [String: StoredDocument]) -> [String]? {
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
    func decide(_ observation: CycleObservation, documents stored: [String: StoredDocument]) -> CycleReport {
        var tally = Tally(documents: stored)
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
        return finish(observation, tally)
    }

    /// An article source has one page: when its fetch failed, the cycle failed.
    func articleSourceFailure(_ observation: CycleObservation, _ tally: Tally) -> (
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
