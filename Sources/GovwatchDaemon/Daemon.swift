public import GovwatchConfig
public import GovwatchCore
public import GovwatchMonitor
public import GovwatchNotify
import GovwatchPublish
import GovwatchSystemd
public import Logging
import ServiceLifecycle
import UnixSignals

/// `govwatch run`: the scheduler, the watchdog and the reload handler in one
/// service group that stops gracefully on SIGTERM/SIGINT.
public struct Daemon: Sendable {
    public let monitor: Monitor
    public let ledger: NotifierLedger
    public let metrics: MetricsFile?
    public let environment: [String: String]
    /// The test hooks the CLI read (the scheduler's hang, the notifiers' backoff).
    public let hooks: TestHooks
    public let logger: Logger
    /// How long running cycles may take to finish after SIGTERM before they
    /// are cancelled (they then commit nothing). systemd waits 90 s by
    /// default; we promise to be gone within 10.
    public var shutdownGrace: Duration = .seconds(8)
    /// Reads the configuration file again on SIGHUP. The CLI passes one
    /// that parses in a child process first (toml++ can abort on bad TOML).
    public var loadConfiguration: @Sendable (String) throws(ConfigurationError) -> GovwatchConfiguration = {
        path throws(ConfigurationError) in try ConfigurationLoader.load(path: path, urlCheck: Runtime.urlCheck)
    }
    let makeMonitor: @Sendable (GovwatchConfiguration, Monitor) throws -> Monitor

    public init(
        monitor: Monitor, ledger: NotifierLedger, metrics: MetricsFile? = nil, environment: [String: String],
        hooks: TestHooks = .none, logger: Logger,
        makeMonitor: @escaping @Sendable (GovwatchConfiguration, Monitor) throws -> Monitor
    ) {
        self.monitor = monitor
        self.ledger = ledger
        self.metrics = metrics
        self.environment = environment
        self.hooks = hooks
        self.logger = logger
        self.makeMonitor = makeMonitor
    }

    public func run() async throws {
        let notifier = SystemdNotifier(environment: environment)
        let state = DaemonState(monitor: monitor)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(
                service: SchedulerService(
                    state: state, notifier: notifier, logger: logger, clock: monitor.clock,
                    metrics: metrics.map { ($0, ledger) }, publisher: Publisher(clock: monitor.clock, logger: logger),
                    hangAfterCycles: hooks.hangAfterCycles),
                successTerminationBehavior: .gracefullyShutdownGroup,
                failureTerminationBehavior: .gracefullyShutdownGroup),
            .init(
                service: ReloadService(
                    state: state, notifier: notifier, logger: logger, load: loadConfiguration,
                    makeMonitor: makeMonitor)),
        ]
        services.append(
            .init(
                service: NotifierService(state: state, ledger: ledger, notifier: notifier, logger: logger, hooks: hooks)
            ))
        if let watchdog = WatchdogSettings(environment: environment) {
            services.append(
                .init(service: WatchdogService(state: state, notifier: notifier, settings: watchdog, logger: logger)))
        }
        var configuration = ServiceGroupConfiguration(services: services, logger: logger)
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        configuration.maximumGracefulShutdownDuration = shutdownGrace
        try await ServiceGroup(configuration: configuration).run()
    }
}
