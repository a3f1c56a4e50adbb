/// What govwatch remembers about a source between cycles.
public struct SourceState: Sendable, Hashable {
    public var name: String
    public var baselineDone: Bool = false
    public var consecutiveFailures: Int = 0
    /// When the current failure episode began (first failed cycle).
    public var failingSince: Timestamp?
    /// Whether `source.failing` was raised for the current episode.
    public var failingAlerted: Bool = false
    public var lastError: String?
    public var lastAttemptAt: Timestamp?
    public var lastSuccessAt: Timestamp?
    public var nextDueAt: Timestamp?
    /// Validators of the listing's first page.
    public var listingEtag: String?
    public var listingLastModified: String?
    /// When a cycle last read every listing page (up to `pages`) and
    /// fetched every new article on them; nil: the next cycle must. Cycles
    /// in between stop at the first page with nothing new.
    public var listingReadWholeAt: Timestamp?
    /// The ``ColumnChoices/fingerprint`` of the `[sources.columns]` its
    /// documents were read with (nil: none were set).
    public var columnsFingerprint: String?

    public init(name: String) { self.name = name }
}

extension SourceState {
    /// Whether the operator changed `[sources.columns]` since the source's
    /// documents were read: every one is then read again, and a reading
    /// that differs only by the new choices raises nothing.
    public func columnsChanged(to choices: ColumnChoices) -> Bool {
        baselineDone && (columnsFingerprint ?? "") != choices.fingerprint
    }

    /// When the source runs next, as a clock reading `now` sees it: the
    /// stored time, or now when none is stored. A stored time more than one
    /// `interval` ahead can only come from a clock that was set back since
    /// it was written: it is not trusted to postpone a run, which is due now.
    public func nextRun(at now: Timestamp, interval: Duration) -> Timestamp {
        guard let next = nextDueAt, next - now <= interval else { return now }
        return next
    }
}
