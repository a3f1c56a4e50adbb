import GovwatchConfig
package import GovwatchCore

/// The steps of ``CycleDecision/decide(_:documents:)``: a new document, a
/// known one, and the finish (recovery, baseline, listing validators).
extension CycleDecision {
    /// A listed article not known before. One that could not be fetched is
    /// not recorded: it is tried again next cycle as a new document.
    package func newDocument(
        _ article: FetchedArticle, item: ListingItem, alert: Bool, among documents: [String: StoredDocument]
    ) -> Step {
        var document = StoredDocument(
            url: article.url, source: source.name, listedTitle: item.title, listedDate: item.date,
            firstSeenAt: now, listed: true)
        if let removed = documents[article.url] { document.revision = removed.revision }  // re-posted
        let factory = alerts(about: documents[article.url])
        var step = Step()
        switch article.outcome {
        case let .extracted(snapshot, hash, validators), let .reread(snapshot, hash, validators):
            document.set(snapshot, hash: hash)
            document.recordCheck(at: now, validators: validators.kept(for: snapshot))
            if alert {
                let previous = previousInSeries(of: snapshot, url: article.url, among: documents.values)
                step.alerts.append(
                    factory.published(url: article.url, snapshot: snapshot, previous: previous, contentHash: hash))
            }
            step.newSnapshot = snapshot
        case let .unparsed(reason, validators):
            // A new document without a report table is still news.
            let snapshot = DocumentSnapshot(title: item.title, entries: [])
            document.set(snapshot, hash: snapshot.contentHash)
            document.lastError = reason
            document.recordCheck(at: now, validators: validators)
            if alert {
                step.alerts.append(
                    factory.published(url: article.url, snapshot: snapshot, previous: nil, parseError: reason))
            }
            step.newSnapshot = snapshot
        case .gone, .failed, .notModified:
            step.failure = FetchFailure(
                url: article.url, reason: article.outcome.description, new: true, repeated: false)
            return step
        }
        step.document = document
        step.snapshotChanged = true
        return step
    }

    /// A known document that was rechecked or went missing from the
    /// listing. `inListing` nil: the listing was not read (304), so the
    /// document keeps what the listing showed last time.
    package func knownDocument(_ stored: StoredDocument, outcome: ArticleOutcome, inListing: Bool?) -> Step {
        var document = stored
        if let inListing { document.listed = inListing }
        let factory = alerts(about: stored)
        var step = Step()
        switch outcome {
        case .notModified:
            document.recordCheck(at: now)
            step.checkedOnly = document.listed == stored.listed
        case let .gone(status) where !document.listed || source.type == .article:
            document.status = .removed
            document.recordCheck(at: now)
            document.lastChangedAt = now
            step.alerts.append(
                factory.removed(url: document.url, last: document.snapshot, title: document.listedTitle, status: status)
            )
        case let .gone(status):
            document.lastError = "listed but answers HTTP \(status)"
            step.failure = FetchFailure(
                url: document.url, reason: document.lastError!, new: false,
                repeated: stored.lastError == document.lastError)
        case let .failed(error):
            document.lastError = error.description
            step.failure = FetchFailure(
                url: document.url, reason: error.description, new: false,
                repeated: stored.lastError == error.description)
        case let .unparsed(reason, _):
            // The validators are not kept: a 304 must never confirm a page we could not read.
            document.recordCheck(at: now)
            document.lastError = reason
            if let last = document.snapshot, !last.entries.isEmpty {
                if document.status != .unparsed {
                    step.alerts.append(factory.unparsed(url: document.url, last: last, reason: reason))
                }
                document.status = .unparsed
            }
        case let .extracted(snapshot, hash, validators):
            return extractedAgain(document, snapshot: snapshot, hash: hash, validators: validators)
        case let .reread(snapshot, hash, validators):
            // The page is as stored: the new reading replaces the old without
            // an alert, but one broken since is news again (恢复解析).
            if stored.status == .unparsed {
                step.alerts.append(
                    factory.recoveredDocument(
                        url: document.url, snapshot: snapshot, diff: nil, hash: hash, previousHash: stored.contentHash))
            }
            document.status = .active
            document.lastError = nil
            document.recordCheck(at: now, validators: validators.kept(for: snapshot))
            document.set(snapshot, hash: hash)
            step.snapshotChanged = true
        }
        step.document = document
        return step
    }

    /// A known document that was read again: the same content, a page that
    /// lost most of its rows, or a change to diff.
    package func extractedAgain(
        _ stored: StoredDocument, snapshot: DocumentSnapshot, hash: String, validators: Validators
    )
        -> Step
    {
        var document = stored
        let factory = alerts(about: stored)
        var step = Step()
        document.lastError = nil
        // Unparsed before: broken since its last good reading, or never read
        // (stored with no entries). Reading it now is news (恢复解析).
        let wasUnparsed = stored.status == .unparsed || stored.snapshot.map { $0.entries.isEmpty } == true
        if hash == document.contentHash {
            // Same content (its stored snapshot was not even loaded).
            if stored.status == .unparsed {
                step.alerts.append(
                    factory.recoveredDocument(
                        url: document.url, snapshot: snapshot, diff: nil, hash: hash, previousHash: stored.contentHash))
            }
            document.status = .active
            document.readingRules = ReadingRules.current.generation  // the same reading under today's rules
            document.recordCheck(at: now, validators: validators.kept(for: snapshot))
            if snapshot.attachments.contains(where: \.wasFetched) {
                // The same report from other files (another URL, other bytes):
                // the record of the files follows, without an alert.
                document.set(snapshot, hash: hash)
                step.snapshotChanged = true
            }
            step.document = document
            return step
        }
        if let last = document.snapshot, ShrinkRule.isSuspicious(from: last.entries.count, to: snapshot.entries.count) {
            let reason = "entries dropped from \(last.entries.count) to \(snapshot.entries.count)"
            if document.status != .unparsed {
                step.alerts.append(factory.unparsed(url: document.url, last: last, reason: reason))
            }
            document.status = .unparsed
            document.lastError = reason
            document.recordCheck(at: now)
            step.document = document
            return step
        }
        document.status = .active
        document.recordCheck(at: now, validators: validators.kept(for: snapshot))
        if wasUnparsed, !snapshot.entries.isEmpty {
            let diff = document.snapshot.flatMap {
                $0.entries.isEmpty ? nil : DocumentDiffer.diff(old: $0, new: snapshot)
            }
            step.alerts.append(
                factory.recoveredDocument(
                    url: document.url, snapshot: snapshot, diff: diff, hash: hash, previousHash: document.contentHash))
            document.lastChangedAt = now
        } else if let last = document.snapshot {
            let diff = DocumentDiffer.diff(old: last, new: snapshot)
            if !diff.isEmpty {
                step.alerts.append(
                    factory.changed(
                        url: document.url, old: last, new: snapshot, diff: diff,
                        hashes: document.contentHash.map { ($0, hash) }))
                document.lastChangedAt = now
            }
        }
        document.set(snapshot, hash: hash)
        step.document = document
        step.snapshotChanged = true
        return step
    }

    /// Step 5, a cycle that succeeded: recovery, baseline, listing validators.
    package func finish(_ observation: CycleObservation, _ tally: Tally) -> CycleReport {
        var state = observation.state
        var alerts = tally.alerts
        if state.failingAlerted, let episode = state.failingSince {
            alerts.append(factory.recovered(failures: state.consecutiveFailures, episode: episode))
        }
        state.consecutiveFailures = 0
        state.failingSince = nil
        state.failingAlerted = false
        state.lastError = tally.fetchFailures > 0 ? "\(tally.fetchFailures) article(s) could not be fetched" : nil
        state.lastSuccessAt = now
        // Remember the listing's validators only when every new article was
        // fetched: otherwise the next conditional request would answer 304
        // and the missed article would never be tried again.
        // Likewise the listing counts as read whole only when it was, and
        // every new article on it was fetched: else the next cycle reads
        // every page again (a missed article may sit deep in it).
        if tally.newFetchFailures > 0 {
            state.listingEtag = nil
            state.listingLastModified = nil
            state.listingReadWholeAt = nil
        } else if let validators = observation.listingValidators {
            state.listingEtag = validators.etag
            state.listingLastModified = validators.lastModified
            if observation.listingReadAll { state.listingReadWholeAt = now }
        }
        // The documents are read with today's [sources.columns] now, unless
        // some could not be fetched: they still hold the old reading, so the
        // next cycle reads every one again.
        if tally.fetchFailures == 0 {
            state.columnsFingerprint = source.columns.fingerprint.isEmpty ? nil : source.columns.fingerprint
        }
        if !state.baselineDone {
            state.baselineDone = true
            if source.baseline == .silent { alerts.append(factory.baseline(documents: tally.newDocuments)) }
        }
        let commit = CycleCommit(
            source: state, documents: tally.changedDocuments, alerts: alerts, createdAt: now,
            changedSnapshots: tally.changedSnapshots, firstRecorded: tally.firstRecorded,
            checkedOnly: tally.checkedOnly)
        let summary =
            "listing \(observation.listing.map { Plural.count($0.count, "item") } ?? "unchanged"), "
            + "fetched \(tally.earlierFetched + observation.articles.count), "
            + Plural.count(tally.earlierAlerts + alerts.count, "alert")
            + (tally.fetchFailures > 0 ? ", \(Plural.count(tally.fetchFailures, "fetch failure"))" : "")
            + skippedSummary(observation.skipped)
        return CycleReport(commit: commit, summary: summary, failures: tally.failures)
    }

    /// `; skipped 12 not due, 40 archived`: why known reports were not
    /// fetched, so a quiet cycle is not mistaken for a blind one.
    package func skippedSummary(_ skipped: (notDue: Int, archived: Int)) -> String {
        var parts: [String] = []
        if skipped.notDue > 0 { parts.append("\(skipped.notDue) not due") }
        if skipped.archived > 0 { parts.append("\(skipped.archived) archived") }
        return parts.isEmpty ? "" : "; skipped " + parts.joined(separator: ", ")
    }

    /// A cycle that failed: count the failure, alert at the threshold.
    package func failed(state initial: SourceState, reason: String, documents: [StoredDocument]) -> CycleReport {
        var state = initial
        state.consecutiveFailures += 1
        if state.failingSince == nil { state.failingSince = now }
        state.lastError = reason
        var alerts: [Alert] = []
        if state.consecutiveFailures >= failureThreshold, !state.failingAlerted, let episode = state.failingSince {
            alerts.append(factory.failing(failures: state.consecutiveFailures, error: reason, episode: episode))
            state.failingAlerted = true
        }
        let commit = CycleCommit(source: state, documents: documents, alerts: alerts, createdAt: now)
        return CycleReport(commit: commit, summary: "failed (\(state.consecutiveFailures) in a row): \(reason)")
    }
}

extension Validators {
    /// The page's validators to keep for its next conditional request; none
    /// for a report read from attached files, so that the page is fetched
    /// whole and its files read again each check: a file replaced under the
    /// same URL changes nothing on the page, which would answer 304. (Files
    /// a page's own table leaves unread are only links: they keep them.)
    func kept(for snapshot: DocumentSnapshot) -> Validators {
        snapshot.attachments.contains(where: \.wasFetched) ? Validators() : self
    }
}
