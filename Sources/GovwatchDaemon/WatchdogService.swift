import GovwatchSystemd
import Logging
import ServiceLifecycle

/// Feeds systemd's watchdog (`WATCHDOG=1` every half `WatchdogSec`), but only
/// while the scheduler loop's heartbeat is fresh: a hung loop stops the
/// pings, and systemd restarts the service.
struct WatchdogService: Service {
    let state: DaemonState
    let notifier: SystemdNotifier
    let settings: WatchdogSettings
    let logger: Logger

    func run() async throws {
        let period = settings.pingPeriod
        // Ends at once on graceful shutdown (the sleep is cancelled).
        try? await cancelWhenGracefulShutdown {
            var warned = false
            while !Task.isCancelled {
                if state.heartbeatAge < period {
                    notifier.notify("WATCHDOG=1")
                    warned = false
                } else if !warned {
                    logger.error(
                        "scheduler loop is not responding; withholding watchdog pings",
                        metadata: ["silentFor": "\(state.heartbeatAge)"])
                    warned = true
                }
                try await Task.sleep(for: period)
            }
        }
    }
}
