import GovwatchConfig
import GovwatchCore
import GovwatchMonitor
import GovwatchNotify
import GovwatchPublish
import GovwatchStore
import GovwatchSystemd
import Logging
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Runs each source on its schedule, concurrently within the fetch limits,
/// and tells systemd what happened after every cycle.
///
/// On graceful shutdown it starts no new cycle and lets running ones finish;
/// the service group cancels them after its grace period, and a cancelled
/// cycle commits nothing (it is simply run again after the restart).
struct SchedulerService: Service {
    let state: DaemonState
    let notifier: SystemdNotifier
    let logger: Logger
    let clock: WallClock
    /// The metrics file and the ledger it reads, rewritten at most every
    /// ``MetricsFile/writeInterval`` while cycles run.
    var metrics: (file: MetricsFile, ledger: NotifierLedger)?
    /// Writes the feed and the reviewer site after deliveries that added alerts.
    var publisher: Publisher?
    /// Test hook: the loop stops beating after this many cycles.
    var hangAfterCycles: Int?
    /// How often the loop looks at the schedule (and beats its heart).
    var tick: Duration = .milliseconds(200)

    func run() async throws {
        // What the last process owed each host: cycles for a deferred host
        // wait at the gate until then (and the log says so).
        try await state.monitor.restorePoliteness()
        try await placeSources()
        // Alerts a crash or a full spool left in the outbox go out first.
        await announceReady()
        let hangAfter = hangAfterCycles
        var lastTrim = ContinuousClock.now
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while !state.stopping && !Task.isCancelled {
                    if let hangAfter, state.cycles >= hangAfter {
                        // Test hook: the loop stops (no heartbeat) so the watchdog must go quiet.
                        try? await Task.sleep(for: .seconds(3600))
                        continue
                    }
                    state.beat()
                    let jitter = state.monitor.configuration.daemon.jitter
                    let limit = state.monitor.runningCycleLimit
                    for source in state.takeDue(jitter: jitter, limit: limit) {
                        group.addTask {
                            // A finished cycle hands its slot straight to the next due source.
                            var next: GovwatchConfiguration.Source? = source
                            while let current = next {
                                await cycle(current)
                                next =
                                    state.stopping ? nil : state.takeDue(jitter: jitter, limit: limit, count: 1).first
                            }
                        }
                    }
                    upkeep(&group)
                    // The allocator keeps the pages freed after a burst (a
                    // cycle that parsed many pages) in its arenas; give them
                    // back now and then, so a daemon's footprint follows its work.
                    if ContinuousClock.now - lastTrim >= Self.trimInterval {
                        lastTrim = .now
                        HeapTrim.trim()
                    }
                    try? await Task.sleep(for: tick)
                }
            }
        } onGracefulShutdown: {
            state.requestStop()
            notifier.notify("STOPPING=1")
            logger.info("stopping: finishing running cycles")
        }
        logger.info("govwatch stopped")
    }

    /// Each tick's background work: delivery retried every few seconds while
    /// it is blocked (spool full or unwritable), and the metrics file when due.
    func upkeep(_ group: inout DiscardingTaskGroup) {
        let state = self.state
        if state.deliveryRetryDue(every: .seconds(5)) {
            let notifier = self.notifier
            group.addTask {
                let outcome = await state.monitor.deliver()
                state.setDeliveryBlocked(outcome.blocked)
                notifier.status(state.statusLine)
                if !outcome.delivered.isEmpty { await publish(state.monitor) }
            }
        }
        if state.calendarCheckDue(every: Monitor.calendarInterval) {
            let notifier = self.notifier
            let logger = self.logger
            group.addTask {
                do {
                    if try await state.monitor.raiseOverdue().isEmpty { return }
                    let outcome = await state.monitor.deliver()
                    state.setDeliveryBlocked(outcome.blocked)
                    notifier.status(state.statusLine)
                    if !outcome.delivered.isEmpty { await publish(state.monitor) }
                } catch {
                    logger.error("publication calendar not checked", metadata: ["error": "\(error)"])
                }
            }
        }
        if let metrics, !state.stopping {
            let logger = self.logger
            group.addTask {
                await metrics.file.writeIfDue(monitor: state.monitor, ledger: metrics.ledger, logger: logger)
            }
        }
    }

    /// Delivers what an earlier run left in the outbox, then tells systemd
    /// the daemon is up.
    func announceReady() async {
        let startup = await state.monitor.deliver()
        state.setDeliveryBlocked(startup.blocked)
        notifier.notify("READY=1")
        notifier.status(state.statusLine)
        // After READY: the first build of a large store takes a while, and
        // a site missing alerts from before a crash catches up here.
        if publisher != nil {
            let monitor = state.monitor
            Task { await publish(monitor, delivered: !startup.delivered.isEmpty) }
        }
        logger.info(
            "govwatch running",
            metadata: [
                "sources": "\(state.monitor.configuration.sources.count)",
                "config": "\(state.monitor.configuration.file)",
                "allocator": "\(HeapTrim.allocatorName)",
            ])
    }

    /// Initial places: each source's persisted next run, capped at one
    /// interval from now (a clock that jumped back must not postpone it).
    func placeSources() async throws {
        let monitor = state.monitor
        let now = clock.now()
        // One query for every source (a daemon watching a thousand made a thousand).
        let states = try await monitor.store.sourceStates()
        for source in monitor.configuration.sources {
            let stored = states[source.name] ?? SourceState(name: source.name)
            let delay = Schedule.startDelay(stored, wallNow: now, interval: source.interval)
            state.schedule(source.name, after: delay)
        }
    }

    func cycle(_ source: GovwatchConfiguration.Source) async {
        let monitor = state.monitor
        let next = state.nextFire(source.name, wallNow: clock.now())
        var result: Monitor.CycleResult?
        do {
            result = try await monitor.runCycle(source, nextDueAt: next)
        } catch  where error.code == .busy {
            // `govwatch once` (or another daemon) runs this source now: its
            // cycle is this one; the schedule moves on.
            logger.notice("\(error.message); this run is skipped", metadata: ["source": "\(source.name)"])
        } catch  where error.code == .cancelled {
            // Stopping: the cycle commits nothing and runs again after the restart.
            logger.notice("cycle abandoned at shutdown; nothing committed", metadata: ["source": "\(source.name)"])
        } catch {
            logger.error("cycle could not be stored", metadata: ["source": "\(source.name)", "error": "\(error)"])
        }
        let delivery = await monitor.deliver()
        state.finish(source.name, result: result, delivery: delivery)
        if !delivery.delivered.isEmpty { await publish(monitor) }
        if let metrics {
            if let result { metrics.file.record(result) }
            await metrics.file.writeIfDue(monitor: monitor, ledger: metrics.ledger, logger: logger)
        }
        if let result {
            for alert in result.alerts {
                logger.notice(
                    "alert",
                    metadata: [
                        "kind": "\(alert.kind.rawValue)", "source": "\(alert.source)",
                        "summary": "\(alert.summary)",
                    ])
            }
        }
        notifier.status(state.statusLine)
    }

    /// Hands what a delivery added to the publisher (feed and site).
    func publish(_ monitor: Monitor, delivered: Bool = true) async {
        await publisher?.refresh(store: monitor.store, configuration: monitor.configuration, delivered: delivered)
    }

    static let trimInterval: Duration = .seconds(10)
}
