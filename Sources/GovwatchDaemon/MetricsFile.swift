import GovwatchConfig
import GovwatchCore
import GovwatchFetch
import GovwatchFiles
public import GovwatchMonitor
public import GovwatchNotify
import GovwatchSpool
import GovwatchStore
public import Logging
import Prometheus
import Synchronization

/// `[daemon] metrics_file`: Prometheus text format, rewritten atomically
/// for node_exporter's textfile collector: by the daemon at most every
/// ``writeInterval`` while cycles run (a write counts every document of the
/// store, so writing after each of a thousand sources' cycles would make
/// each page's cost grow with the store), by `once` after its cycles. The
/// daemon opens no socket: the unit's hardening stays as it is.
///
/// Counters count since the process started (Prometheus handles the reset
/// at a restart); figures kept in the store (documents, the outbox, what
/// notifiers delivered) are read from it at each write.
public final class MetricsFile: Sendable {
    public let path: String
    let registry = PrometheusCollectorRegistry()
    /// The last value emitted for each counter fed from a running total,
    /// so each write adds only what is new.
    private let emitted = Mutex<[String: Double]>([:])
    /// When the file was last written, and whether cycles were counted since.
    private let pending = Mutex<(lastWrite: ContinuousClock.Instant?, dirty: Bool)>((nil, false))
    /// The daemon's cadence: scrapers read the file every 15–60 s.
    public static let writeInterval: Duration = .seconds(10)

    public init(path: String) { self.path = path }

    /// Writes when cycles were counted since the last write and that was
    /// ``writeInterval`` ago (or never). The daemon asks after each cycle and
    /// at each tick of its loop, so the last cycles are written soon too.
    public func writeIfDue(monitor: Monitor, ledger: NotifierLedger, logger: Logger) async {
        let due = pending.withLock { state -> Bool in
            guard state.dirty else { return false }
            if let last = state.lastWrite, ContinuousClock.now - last < Self.writeInterval { return false }
            state = (.now, false)
            return true
        }
        if due { await write(monitor: monitor, ledger: ledger, logger: logger) }
    }

    /// Counts one cycle: its runs, failures and alerts by kind.
    public func record(_ cycle: Monitor.CycleResult) {
        pending.withLock { $0.dirty = true }
        let source = [("source", cycle.source)]
        counter("govwatch_source_cycles_total", source, "Cycles run").increment()
        if cycle.failed {
            counter("govwatch_source_failed_cycles_total", source, "Cycles that failed")
                .increment()
        }
        for alert in cycle.alerts {
            counter(
                "govwatch_alerts_total", [("source", cycle.source), ("kind", alert.kind.rawValue)], "Alerts committed"
            ).increment()
        }
    }

    /// Gathers the store's figures and the fetcher's, and replaces the file.
    public func write(monitor: Monitor, ledger: NotifierLedger, logger: Logger) async {
        do {
            try await updateSources(monitor)
            updateHosts(monitor)
            try await updateOutbox(monitor)
            try await updateNotifiers(monitor.configuration.notifiers.map(\.name), ledger)
            try AtomicFile.write(registry.emitToBuffer(), to: path)
        } catch {
            logger.warning("metrics file not written", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    func updateSources(_ monitor: Monitor) async throws {
        let documents = try await monitor.store.documentCounts()
        let states = try await monitor.store.sourceStates()
        for source in monitor.configuration.sources {
            let state = states[source.name] ?? SourceState(name: source.name)
            let labels = [("source", source.name)]
            gauge("govwatch_source_consecutive_failures", labels, "Failed cycles in a row").set(
                Double(state.consecutiveFailures))
            gauge("govwatch_source_last_success_timestamp_seconds", labels, "When the last cycle succeeded (0: never)")
                .set(state.lastSuccessAt?.epochSeconds ?? 0)
            gauge("govwatch_source_documents", labels, "Reports known")
                .set(Double(documents[source.name] ?? 0))
        }
    }

    func updateHosts(_ monitor: Monitor) {
        for (host, figures) in monitor.fetcher.statistics.snapshot() {
            for (status, count) in figures.requestsByStatus {
                add(
                    "govwatch_host_requests_total", [("host", host), ("status", String(status))], Double(count),
                    help: "Requests by HTTP status (0: no answer)")
            }
            add(
                "govwatch_host_response_bytes_total", [("host", host)], Double(figures.bytes),
                help: "Body bytes received")
            add(
                "govwatch_host_politeness_wait_seconds_total", [("host", host)], figures.waitSeconds,
                help: "Time requests waited for the per-host politeness gate")
        }
    }

    func updateOutbox(_ monitor: Monitor) async throws {
        let backlog = try await monitor.store.outboxBacklog()
        gauge("govwatch_outbox_pending_alerts", [], "Alerts committed but not yet delivered")
            .set(Double(backlog.count))
        let age = backlog.oldest.map { max(0, (monitor.clock.now() - $0).seconds) } ?? 0
        gauge("govwatch_outbox_oldest_pending_age_seconds", [], "Age of the oldest undelivered alert (0: none)").set(
            age)
    }

    func updateNotifiers(_ names: [String], _ ledger: NotifierLedger) async throws {
        for name in names {
            let health = try await ledger.health(name)
            add(
                "govwatch_notifier_delivered_alerts_total", [("notifier", name)], Double(health.sentAlerts),
                help: "Alerts a notifier delivered")
            gauge("govwatch_notifier_consecutive_failures", [("notifier", name)], "Failed deliveries in a row").set(
                Double(health.failures))
        }
    }

    /// Feeds a counter from a running total: adds what is new since the last write.
    func add(_ name: String, _ labels: [(String, String)], _ total: Double, help: String) {
        let key = name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        let delta = emitted.withLock { emitted -> Double in
            let delta = total - (emitted[key] ?? 0)
            if delta > 0 { emitted[key] = total }
            return delta
        }
        let counter = counter(name, labels, help)
        if delta > 0 { counter.increment(by: delta) }
    }

    func counter(_ name: String, _ labels: [(String, String)], _ help: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    func gauge(_ name: String, _ labels: [(String, String)], _ help: String) -> Gauge {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }
}
