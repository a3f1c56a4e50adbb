import GovwatchConfig
import GovwatchCore
import GovwatchMonitor
import GovwatchNotify
import GovwatchSystemd
import Logging
import ServiceLifecycle
import Synchronization

/// Sends spool alerts through the configured notifiers every few seconds,
/// and puts a failing notifier into `STATUS=`.
struct NotifierService: Service {
    let state: DaemonState
    let ledger: NotifierLedger
    let notifier: SystemdNotifier
    let logger: Logger
    var period: Duration = .seconds(2)
    let hooks: TestHooks

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await loop() }
    }

    func loop() async throws {
        var dispatcher: NotifierDispatcher?
        var lastConfiguration: GovwatchConfiguration?
        do {
            while !Task.isCancelled {
                let monitor = state.monitor
                // A reload with other notifiers starts a new dispatcher; the
                // ledger (what each one delivered) stays.
                if lastConfiguration.map({ $0.notifiers != monitor.configuration.notifiers }) ?? true {
                    lastConfiguration = monitor.configuration
                    dispatcher =
                        monitor.configuration.notifiers.isEmpty
                        ? nil
                        : Runtime.dispatcher(for: monitor, ledger: ledger, logger: logger, hooks: hooks)
                }
                if let dispatcher {
                    let outcomes = await dispatcher.dispatch()
                    let failing = outcomes.filter { $0.error != nil && $0.pending > 0 }.map(\.notifier)
                    if state.setFailingNotifiers(failing) { notifier.status(state.statusLine) }
                }
                try await Task.sleep(for: period)
            }
        }
    }
}
