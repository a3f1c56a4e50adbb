package import GovwatchCore

/// What a cycle's decision records as it goes: each article's step and
/// the running account the commit and the summary are made from.
extension CycleDecision {
    /// What one article's outcome changes.
    package struct Step {
        /// The document to store (nil: nothing to store).
        package var document: StoredDocument?
        package var alerts: [Alert] = []
        /// Whether `document` carries a new snapshot to write.
        package var snapshotChanged = false
        /// Why the fetch failed (the article is tried again), for the log.
        package var failure: FetchFailure?
        /// A new document recorded with this snapshot (for the baseline alert).
        package var newSnapshot: DocumentSnapshot?
        /// Whether `document` is the stored one but for its check time
        /// (``CycleCommit/checkedOnly``).
        package var checkedOnly = false
    }

    /// The cycle's running account: documents as updated so far, and what
    /// the commit and the summary need.
    package struct Tally {
        package var documents: [String: StoredDocument]
        package var changed: Set<String> = []
        package var changedSnapshots: Set<String> = []
        /// Documents this cycle records for the first time (or again, re-posted).
        package var firstRecorded: Set<String> = []
        /// Changed documents whose check time alone changed (``CycleCommit/checkedOnly``).
        package var checkedOnly: Set<String> = []
        package var alerts: [Alert] = []
        package var fetchFailures = 0
        /// Failed fetches of new articles: the listing's validators must not be kept.
        package var newFetchFailures = 0
        package var newDocuments: [(url: String, title: String?, entries: Int)] = []
        package var failures: [FetchFailure] = []
        /// Articles fetched and alerts committed by earlier batches of this cycle.
        package var earlierFetched = 0
        package var earlierAlerts = 0

        package init(documents: [String: StoredDocument], carried: Carried = Carried()) {
            self.documents = documents
            fetchFailures = carried.fetchFailures
            newFetchFailures = carried.newFetchFailures
            newDocuments = carried.newDocuments
            earlierFetched = carried.fetched
            earlierAlerts = carried.alerts
        }

        package mutating func update(_ document: StoredDocument) {
            documents[document.url] = document
            changed.insert(document.url)
            checkedOnly.remove(document.url)
        }

        package mutating func record(_ step: Step, new: Bool) {
            alerts += step.alerts
            if let failure = step.failure {
                failures.append(failure)
                fetchFailures += 1
                if new { newFetchFailures += 1 }
            }
            guard var document = step.document else { return }
            if new { firstRecorded.insert(document.url) }
            // The next alert about it is another event (``StoredDocument/revision``).
            if !step.alerts.isEmpty { document.revision += 1 }
            update(document)
            if step.checkedOnly, step.alerts.isEmpty, !new { checkedOnly.insert(document.url) }
            if step.snapshotChanged { changedSnapshots.insert(document.url) }
            if let snapshot = step.newSnapshot {
                newDocuments.append((document.url, snapshot.title, snapshot.entries.count))
            }
        }

        package var changedDocuments: [StoredDocument] { changed.sorted().compactMap { documents[$0] } }

        /// The order documents are loaded in: first seen first.
        package static func older(_ a: StoredDocument, _ b: StoredDocument) -> Bool {
            (a.firstSeenAt, a.url) < (b.firstSeenAt, b.url)
        }
    }
}
