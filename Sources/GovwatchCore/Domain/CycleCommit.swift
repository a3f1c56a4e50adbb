/// Everything one source's cycle changes, committed in one transaction.
public struct CycleCommit: Sendable {
    public var source: SourceState
    public var documents: [StoredDocument]
    public var alerts: [Alert]
    public var createdAt: Timestamp
    /// URLs of the documents whose snapshot is new and must be written; the
    /// others keep their stored one.
    public var changedSnapshots: Set<String>
    /// Listed articles another source already holds: recorded as listed by
    /// this source too, never stored twice (one URL, one document).
    public var heldElsewhere: Set<String> = []
    /// Documents the cycle records for the first time: the only ones another
    /// source's cycle may have stored meanwhile, so the only ones the commit
    /// checks against other sources (a recheck of known ones costs nothing).
    public var firstRecorded: Set<String>
    /// Documents whose stored row this commit changes in its check time
    /// alone (a known document answered 304): the store writes that column
    /// only. A cycle rechecking a thousand unchanged reports wrote every
    /// column of each (perf of the warm cycle). Others are written whole.
    public var checkedOnly: Set<String>

    /// `changedSnapshots` nil: every document that carries a snapshot;
    /// `firstRecorded` nil: every document (each is checked).
    public init(
        source: SourceState, documents: [StoredDocument], alerts: [Alert], createdAt: Timestamp,
        changedSnapshots: Set<String>? = nil, firstRecorded: Set<String>? = nil, checkedOnly: Set<String> = []
    ) {
        self.source = source
        self.documents = documents
        self.alerts = alerts
        self.createdAt = createdAt
        self.changedSnapshots = changedSnapshots ?? Set(documents.filter { $0.snapshot != nil }.map(\.url))
        self.firstRecorded = firstRecorded ?? Set(documents.map(\.url))
        self.checkedOnly = checkedOnly
    }
}
