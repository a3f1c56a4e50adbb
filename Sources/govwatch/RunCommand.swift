import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchDaemon
import GovwatchMonitor
import GovwatchSystemd
import Logging

/// `govwatch run`: the daemon, as systemd runs it.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: poll sources on their schedules and deliver alerts until SIGTERM.",
        discussion: """
            Speaks the systemd notify protocol when $NOTIFY_SOCKET is set (READY, STATUS, \
            WATCHDOG, RELOADING, STOPPING). SIGHUP reloads the configuration; SIGTERM/SIGINT \
            stop cleanly. Exit status 78 for a bad configuration, 74 when the store or spool \
            cannot be used.
            """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = common.makeServiceLogger(environment: environment)
        let configuration = try common.loadConfiguration()
        let monitor = try Runtime.makeMonitor(configuration, logger: logger)
        var daemon = Daemon(monitor: monitor, environment: environment, logger: logger) { next, previous in
            Monitor(reloading: next, from: previous)
        }
        daemon.loadConfiguration = { path throws(ConfigurationError) in try ConfigurationPreflight.load(path: path) }
        try await daemon.run()
    }
}

extension CommonOptions {
    /// Journal-aware logging (`<N>` priorities when stderr is the journal).
    func makeServiceLogger(environment: [String: String]) -> Logger {
        let toJournal = JournalLogHandler.stderrIsJournal(environment["JOURNAL_STREAM"])
        var logger = Logger(label: "govwatch") { label in JournalLogHandler(label: label, toJournal: toJournal) }
        logger.logLevel = logLevel
        return logger
    }
}
