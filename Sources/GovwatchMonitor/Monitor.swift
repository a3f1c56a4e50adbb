public import GovwatchConfig
public import GovwatchCore
import GovwatchCycle
public import GovwatchFetch
public import GovwatchFiles
public import GovwatchSpool
public import GovwatchStore
public import Logging
import Synchronization

/// The monitor: runs source cycles against the store and delivers alerts.
/// `govwatch once` runs it once; the daemon runs it on a schedule.
public final class Monitor: Sendable {
    public let configuration: GovwatchConfiguration
    public let store: GovwatchStore
    public let fetcher: Fetcher
    public let delivery: Delivery
    public let clock: WallClock
    /// Reads attached office files (in a child process for the govwatch binary).
    public let attachments: AttachmentReader
    /// The test hook that ends the process after a commit (unarmed in production).
    let crash: CrashPoint
    let logger: Logger
    /// Each URL an article source watches, with the names of those sources.
    let articleWatchers: ArticleWatchers
    /// What the store holds of host deferrals (to the second), so a cycle
    /// writes them only when they changed: a healthy daemon writes nothing.
    private let savedDeferrals = Mutex<[HostDeferral]?>(nil)

    public init(
        configuration: GovwatchConfiguration, store: GovwatchStore, spool: MaildirSpool, clock: WallClock = .system,
        engine: CurlMultiEngine = .shared, crash: CrashPoint = .none, attachments: AttachmentReader = .inProcess,
        logger: Logger
    ) {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.attachments = attachments
        self.crash = crash
        self.logger = logger
        self.articleWatchers = ArticleWatchers(configuration.sources)
        self.fetcher = Fetcher(configuration: configuration.http, validators: NoValidatorStore(), engine: engine)
        self.delivery = Delivery(
            store: store, spool: spool, log: AlertLog(path: configuration.daemon.alertLog),
            lockPath: configuration.daemon.stateDirectory + "/delivery.lock", clock: clock, crash: crash,
            logger: logger)
    }

    /// A monitor for a reloaded configuration. Store, spool, log and feed
    /// stay (they change only with a restart); the fetcher, and with it the
    /// politeness state of every host, stays unless `[http]` changed, so
    /// cycles running across a reload share one set of per-host limits.
    public init(reloading configuration: GovwatchConfiguration, from previous: Monitor) {
        self.configuration = configuration
        self.store = previous.store
        self.clock = previous.clock
        self.attachments = previous.attachments
        self.crash = previous.crash
        self.logger = previous.logger
        self.delivery = previous.delivery
        self.articleWatchers = ArticleWatchers(configuration.sources)
        if configuration.http.signature == previous.configuration.http.signature {
            self.fetcher = previous.fetcher
        } else {
            self.fetcher = Fetcher(
                configuration: configuration.http, validators: NoValidatorStore(), engine: previous.fetcher.engine)
        }
    }

    /// What one source's cycle did.
    public struct CycleResult: Sendable {
        public var source: String
        public var alerts: [Alert]
        public var failed: Bool
        public var summary: String
        public var nextDueAt: Timestamp?
    }

    /// Sources whose next run is due (never run, or past `nextDueAt`).
    public func dueSources(at now: Timestamp) async throws(StoreError) -> [GovwatchConfiguration.Source] {
        let states = try await store.sourceStates()
        return configuration.sources.filter { source in
            (states[source.name] ?? SourceState(name: source.name)).nextRun(at: now, interval: source.interval) <= now
        }
    }

    /// Takes back what an earlier process owed each host (Retry-After,
    /// backoff), and says so for each host still deferred. Returns those.
    @discardableResult
    public func restorePoliteness() async throws(StoreError) -> [HostDeferral] {
        let now = clock.now()
        let deferrals = try await store.hostDeferrals()
        fetcher.gate.restore(deferrals, wallNow: now)
        savedDeferrals.withLock { $0 = Self.toTheSecond(deferrals) }
        let waiting = deferrals.filter { $0.notBefore > now }
        for deferral in waiting { logger.notice("\(deferral.description)") }
        return waiting
    }

    /// Remembers what the fetcher owes each host, for the next process. A
    /// failure here is logged, not thrown: the cycle is already committed.
    func savePoliteness() async {
        let deferrals = fetcher.gate.deferrals(wallNow: clock.now())
        let current = Self.toTheSecond(deferrals)
        let changed = savedDeferrals.withLock { saved in
            defer { saved = current }
            return saved != current
        }
        guard changed else { return }
        // The exact times are stored; the rounded ones only decide whether to write.
        do { try await store.saveHostDeferrals(deferrals) } catch {
            savedDeferrals.withLock { $0 = nil }  // try again after the next cycle
            logger.warning("host deferrals not saved", metadata: ["error": "\(error)"])
        }
    }

    static func toTheSecond(_ deferrals: [HostDeferral]) -> [HostDeferral] {
        deferrals.map { deferral in
            var rounded = deferral
            rounded.notBefore = Timestamp(epochSeconds: deferral.notBefore.epochSeconds.rounded(.up))
            return rounded
        }
    }

    /// The source that runs next and when, for a run that found nothing due.
    public func nextDue() async throws(StoreError) -> (source: String, at: Timestamp)? {
        let states = try await store.sourceStates()
        let now = clock.now()
        var next: (source: String, at: Timestamp)?
        for source in configuration.sources {
            let at = (states[source.name] ?? SourceState(name: source.name)).nextRun(at: now, interval: source.interval)
            if next.map({ at < $0.at }) ?? true { next = (source.name, at) }
        }
        return next
    }

    /// Runs one cycle of `source` and commits its state with its alerts in
    /// one transaction. Delivery is separate (``deliver()``).
    /// Returns nil when the task was cancelled before the commit.
    /// `recheckAll`: fetch every known document now, whatever its schedule.
    public func runCycle(
        _ source: GovwatchConfiguration.Source, nextDueAt: Timestamp? = nil, recheckAll: Bool = false
    ) async throws(StoreError)
        -> CycleResult?
    {
        // One writer per source, whatever process runs it: a second
        // process decides only on what the first committed.
        let lock = try await lockSource(source.name)
        defer { withExtendedLifetime(lock) {} }
        let now = clock.now()
        let (state, documents) = try await store.cycleStart(source: source.name)
        let cycle = SourceCycle(
            source: source, failureThreshold: configuration.daemon.failureThreshold, recheckAll: recheckAll,
            fetcher: fetcher, attachments: attachments, now: now, logger: logger)
        let store = self.store
        let crash = self.crash
        // One URL, one document: an article source owns its page; a column
        // lists, but does not store, a page an article source watches or
        // another column stored first.
        let shares = source.type != .article
        let watchers = articleWatchers
        let report = try await cycle.run(
            state: state, documents: documents, batchSize: configuration.daemon.cycleBatch,
            snapshots: { urls throws(StoreError) in try await store.snapshots(source: source.name, urls: urls) },
            commitBatch: { commit throws(StoreError) in
                try await store.commit(commit, sharesURLs: shares)
                crash.hit("after-batch-commit")
            },
            heldElsewhere: { urls throws(StoreError) in
                guard shares else { return [] }
                return try await store.urlsHeldElsewhere(source: source.name, urls: urls)
                    .union(urls.filter { watchers.isWatched($0, byOtherThan: source.name) })
            })
        // A cycle cut short by shutdown saw cancelled fetches, not the site:
        // commit nothing more, and it runs again after the restart.
        guard var report, !Task.isCancelled else {
            logger.notice("cycle abandoned at shutdown; nothing more committed", metadata: ["source": "\(source.name)"])
            return nil
        }
        report.commit.source.nextDueAt = nextDueAt ?? (now + source.interval)
        try await store.commit(report.commit, sharesURLs: shares)
        crash.hit("after-commit")
        await savePoliteness()
        let failed = report.commit.source.consecutiveFailures > 0
        let level: Logger.Level = failed ? .warning : .info
        logger.log(
            level: level, "cycle \(failed ? "failed" : "done")",
            metadata: ["source": "\(source.name)", "result": "\(report.summary)"])
        return CycleResult(
            source: source.name, alerts: report.allAlerts, failed: failed, summary: report.summary,
            nextDueAt: report.commit.source.nextDueAt)
    }

    /// How long a cycle waits for another process's cycle of the same source.
    public static let sourceLockWait: Duration = .seconds(60)

    /// The lock on a source's cycle (`state_dir/cycle.<source>.lock`),
    /// waited for at most ``sourceLockWait``.
    func lockSource(_ name: String) async throws(StoreError) -> FileLock {
        let path = configuration.daemon.stateDirectory + "/cycle.\(name).lock"
        let lock: FileLock?
        do { lock = try await FileLock.acquire(path: path, waitingAtMost: Self.sourceLockWait) } catch {
            throw StoreError(.io, path: path, message: "cannot lock source \(name): \(error)")
        }
        guard let lock else {
            if Task.isCancelled { throw StoreError(.cancelled, path: path, message: "cancelled") }
            throw StoreError(
                .busy, path: path,
                message: "another govwatch is working on this state (source \(name)); "
                    + "waited \(DurationText.format(Self.sourceLockWait))")
        }
        return lock
    }

    /// How many source cycles may run at once (here and in the daemon): two
    /// per transfer slot. More would only wait at the politeness gate, each
    /// holding its documents (and, cold, every page it parsed) in memory.
    public var runningCycleLimit: Int { 2 * configuration.daemon.concurrency }

    /// What ``runOnce(all:)`` did: each cycle, and the delivery after them.
    public struct OnceResult: Sendable {
        public var cycles: [CycleResult]
        public var delivery: Delivery.Outcome
        /// `series.overdue` alerts the calendar raised after the cycles.
        public var overdue: [Alert] = []
    }

    /// Runs every due source (or all, with `all`), then delivers. With
    /// `recheck`, every source runs and rechecks every document it knows.
    public func runOnce(all: Bool, recheck: Bool = false) async throws(StoreError) -> OnceResult {
        // Alerts left by an earlier crash go out first, in their order.
        _ = await delivery.deliverPending()
        let deferred = try await restorePoliteness()
        var skipped: [CycleResult] = []
        var sources: [GovwatchConfiguration.Source] = []
        for source in all || recheck ? configuration.sources : try await dueSources(at: clock.now()) {
            // A host that asked us to wait is not asked now: `once` does not
            // sleep through a Retry-After, it says so and leaves the source due.
            if let wait = deferred.first(where: { $0.host == fetcher.hostKey(of: source.url) }) {
                skipped.append(
                    CycleResult(
                        source: source.name, alerts: [], failed: false, summary: "not run: \(wait.description)",
                        nextDueAt: wait.notBefore))
            } else {
                sources.append(source)
            }
        }
        let limit = runningCycleLimit
        let results = await withTaskGroup(of: Result<CycleResult?, StoreError>.self) { group in
            var pending = sources[...]
            func start() {
                guard let source = pending.popFirst() else { return }
                group.addTask {
                    do throws(StoreError) {
                        return .success(try await self.runCycle(source, recheckAll: recheck))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            for _ in 0..<limit { start() }
            var results: [Result<CycleResult?, StoreError>] = []
            for await result in group {
                results.append(result)
                start()
            }
            return results
        }
        var cycles = skipped
        var failure: StoreError?
        for result in results {
            switch result {
            case let .success(cycle): if let cycle { cycles.append(cycle) }
            case let .failure(error): failure = failure ?? error
            }
        }
        var overdue: [Alert] = []
        if failure == nil {
            do { overdue = try await raiseOverdue() } catch {
                logger.error("publication calendar not checked", metadata: ["error": "\(error)"])
            }
        }
        // What the other cycles committed goes out before a failure is reported.
        let delivered = await delivery.deliverPending()
        if let failure { throw failure }
        return OnceResult(cycles: cycles.sorted { $0.source < $1.source }, delivery: delivered, overdue: overdue)
    }

    public func deliver() async -> Delivery.Outcome {
        await delivery.deliverPending()
    }
}

/// The monitor keeps validators with its documents (committed together), so
/// the fetcher must not remember any of its own.
struct NoValidatorStore: ValidatorStore {
    func validators(for url: String) async -> Validators? { nil }
    func store(_ validators: Validators, for url: String) async {}
}
