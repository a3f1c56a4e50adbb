package import GovwatchCore

extension CycleDecision {
    /// The most recent other report of the same series in this source.
    package func previousInSeries(
        of snapshot: DocumentSnapshot, url: String, among documents: Dictionary<String, StoredDocument>.Values
    )
        -> (url: String, snapshot: DocumentSnapshot)?
    {
        guard let title = snapshot.title, let series = ReportSeries.key(title: title) else { return nil }
        let candidates = documents.filter { document in
            guard document.url != url, let other = document.snapshot, !other.entries.isEmpty,
                let otherTitle = other.title,
                ComparableText.fold(otherTitle) != ComparableText.fold(title)
            else { return false }
            return ReportSeries.key(title: otherTitle) == series
        }
        guard let previous = candidates.max(by: { ($0.publishedTimestamp, $0.url) < ($1.publishedTimestamp, $1.url) }),
            let previousSnapshot = previous.snapshot
        else { return nil }
        return (previous.url, previousSnapshot)
    }
}
