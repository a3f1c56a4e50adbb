import Foundation
public import GovwatchConfig
public import GovwatchCore
import GovwatchFetch
public import GovwatchFiles
public import GovwatchMonitor
public import GovwatchNotify
public import GovwatchSpool
public import GovwatchStore
public import Logging

/// What a configuration names, opened: the state directory, the store, the
/// spool, the notifiers' ledger, and the monitor over them. Every command,
/// the daemon, the benchmark and the tests build their parts here, so
/// there is one order of opening and one set of errors.
public struct Runtime: Sendable {
    public let configuration: GovwatchConfiguration
    public let store: GovwatchStore
    public let spool: MaildirSpool
    public let ledger: NotifierLedger
    public let monitor: Monitor
    /// `[daemon] metrics_file`, when configured.
    public let metrics: MetricsFile?
    /// The test hooks the CLI read from its environment (none in production).
    public let hooks: TestHooks

    /// Creates the state directory, the spool and the alert log's folder
    /// when missing (mode 0750, as the unit's StateDirectory= and
    /// LogsDirectory= make them), then opens (and migrates) the store.
    /// `attachments`: how attached office files are read; the govwatch
    /// binary reads them in a child of itself (``AttachmentReader``).
    public static func open(
        _ configuration: GovwatchConfiguration, clock: WallClock = .system, hooks: TestHooks = .none,
        attachments: AttachmentReader = .inProcess, logger: Logger
    ) throws(RuntimeError) -> Runtime {
        do { try Folder.create(configuration.daemon.stateDirectory) } catch {
            throw RuntimeError(.stateDirectory, "cannot create state directory: \(error.description)")
        }
        let logFolder = Folder.containing(configuration.daemon.alertLog)
        do { try Folder.create(logFolder) } catch {
            throw RuntimeError(.alertLog, "cannot create the alert log's folder: \(error.description)")
        }
        if let metricsFile = configuration.daemon.metricsFile {
            do { try Folder.create(Folder.containing(metricsFile)) } catch {
                throw RuntimeError(.metricsFile, "cannot create the metrics file's folder: \(error.description)")
            }
        }
        let store = try openStore(configuration)
        let spool: MaildirSpool
        do { spool = try MaildirSpool(directory: configuration.daemon.spoolDirectory) } catch {
            throw RuntimeError(.spool, "spool: \(error.description)")
        }
        let ledger: NotifierLedger
        do {
            ledger = try NotifierLedger(
                store: store, registering: configuration.notifiers.map(\.name), at: clock.now(),
                backlog: (try? spool.heldFiles().map(\.id)) ?? [])
        } catch { throw RuntimeError(.store, error.description) }
        let monitor = Monitor(
            configuration: configuration, store: store, spool: spool, clock: clock,
            crash: CrashPoint(armed: hooks.crashPoint), attachments: attachments, logger: logger)
        return Runtime(
            configuration: configuration, store: store, spool: spool, ledger: ledger, monitor: monitor,
            metrics: configuration.daemon.metricsFile.map(MetricsFile.init(path:)), hooks: hooks)
    }

    /// Opens an existing store for reading commands (`changes`, `history`,
    /// `feed`, `notify`): a missing one is an error, never created.
    public static func openExisting(
        _ configuration: GovwatchConfiguration, hooks: TestHooks = .none, attachments: AttachmentReader = .inProcess,
        logger: Logger
    ) throws(RuntimeError) -> Runtime {
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            throw RuntimeError(
                .noStore, "no store at \(configuration.databasePath) yet (run govwatch once or the daemon first)")
        }
        return try open(configuration, hooks: hooks, attachments: attachments, logger: logger)
    }

    static func openStore(_ configuration: GovwatchConfiguration) throws(RuntimeError) -> GovwatchStore {
        do { return try GovwatchStore(path: configuration.databasePath) } catch {
            throw RuntimeError(.store, error.description)
        }
    }

    /// The daemon over this runtime: a reload keeps store, spool and ledger
    /// and builds a monitor for the new configuration.
    public func daemon(environment: [String: String], logger: Logger) -> Daemon {
        Daemon(
            monitor: monitor, ledger: ledger, metrics: metrics, environment: environment, hooks: hooks, logger: logger
        ) {
            next, previous in
            Monitor(reloading: next, from: previous)
        }
    }

    /// Counts these cycles in the metrics file and rewrites it (no-op
    /// without `metrics_file`).
    public func recordMetrics(_ cycles: [Monitor.CycleResult], logger: Logger) async {
        guard let metrics else { return }
        for cycle in cycles { metrics.record(cycle) }
        await metrics.write(monitor: monitor, ledger: ledger, logger: logger)
    }

    /// The notifiers' dispatcher for this runtime's configuration.
    public func dispatcher(logger: Logger) -> NotifierDispatcher {
        Self.dispatcher(for: monitor, ledger: ledger, logger: logger, hooks: hooks)
    }

    /// The dispatcher for a monitor's configuration (the daemon makes a new
    /// one after a reload changed the notifiers; the ledger stays).
    static func dispatcher(for monitor: Monitor, ledger: NotifierLedger, logger: Logger, hooks: TestHooks)
        -> NotifierDispatcher
    {
        let clock = monitor.clock
        return NotifierDispatcher(
            notifiers: monitor.configuration.notifiers, ledger: ledger, spool: monitor.delivery.spool,
            fetcher: monitor.fetcher, now: { clock.now() }, logger: logger, backoffBase: hooks.notifyBackoffBase,
            crash: CrashPoint(armed: hooks.crashPoint))
    }

    /// Source URLs are checked with libcurl's own parser, so that a URL the
    /// configuration accepts is one the fetcher can fetch.
    public static let urlCheck: ConfigurationLoader.URLCheck = { CurlURL.hostKey(of: $0) != nil }
}

/// Why a runtime could not be opened. The CLI maps each code to its exit
/// status (sysexits) in one place.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Value: String, Sendable, Hashable { case stateDirectory, store, spool, alertLog, metricsFile, noStore }
        let value: Value
        /// The state directory could not be created.
        public static let stateDirectory = Code(value: .stateDirectory)
        /// The store could not be opened or migrated.
        public static let store = Code(value: .store)
        /// The spool's folders could not be created.
        public static let spool = Code(value: .spool)
        /// The alert log's folder could not be created.
        public static let alertLog = Code(value: .alertLog)
        /// The metrics file's folder could not be created.
        public static let metricsFile = Code(value: .metricsFile)
        /// A reading command found no store yet.
        public static let noStore = Code(value: .noStore)
        public var description: String { value.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
