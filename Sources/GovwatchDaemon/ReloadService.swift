import GovwatchConfig
import GovwatchMonitor
import GovwatchSystemd
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP reloads the configuration: `RELOADING=1`, load and validate, swap
/// in the new sources and settings, `READY=1`. An invalid file leaves the
/// running configuration in place and says why in the log and `STATUS=`.
struct ReloadService: Service {
    let state: DaemonState
    let notifier: SystemdNotifier
    let logger: Logger
    let load: @Sendable (String) throws(ConfigurationError) -> GovwatchConfiguration
    let makeMonitor: @Sendable (GovwatchConfiguration, Monitor) throws -> Monitor

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        // Stops listening for SIGHUP when a graceful shutdown begins.
        await cancelWhenGracefulShutdown {
            for await _ in signals { reload() }
        }
    }

    func reload() {
        notifier.notify("RELOADING=1")
        let current = state.monitor.configuration
        defer { notifier.notify("READY=1") }
        let next: GovwatchConfiguration
        do {
            next = try load(current.file)
        } catch {
            logger.error(
                "reload failed; keeping the running configuration", metadata: ["error": "\(error.description)"])
            notifier.status("reload failed (\(error.description)); " + state.statusLine)
            return
        }
        if next.daemon.stateDirectory != current.daemon.stateDirectory
            || next.daemon.spoolDirectory != current.daemon.spoolDirectory
            || next.daemon.alertLog != current.daemon.alertLog
        {
            logger.warning(
                "state_dir, spool_dir and alert_log changes take effect after a restart; keeping the current ones")
        }
        do {
            state.replace(monitor: try makeMonitor(next, state.monitor))
        } catch {
            logger.error("reload failed; keeping the running configuration", metadata: ["error": "\(error)"])
            return
        }
        let names = next.sources.map(\.name).joined(separator: ", ")
        logger.info("configuration reloaded", metadata: ["sources": "\(names)"])
        notifier.status(state.statusLine)
    }
}
