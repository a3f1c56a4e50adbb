import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchDaemon
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
        try await reporting {
            let environment = ProcessInfo.processInfo.environment
            let logger = makeServiceLogger(environment: environment)
            var daemon = try common.openRuntime(logger: logger).daemon(environment: environment, logger: logger)
            daemon.loadConfiguration = { path throws(ConfigurationError) in try ConfigurationPreflight.load(path: path)
            }
            try await daemon.run()
        }
    }

    /// Journal-aware logging (`<N>` priorities when stderr is the journal).
    func makeServiceLogger(environment: [String: String]) -> Logger {
        let toJournal = JournalLogHandler.stderrIsJournal(environment["JOURNAL_STREAM"])
        var logger = Logger(label: "govwatch") { label in JournalLogHandler(label: label, toJournal: toJournal) }
        logger.logLevel = common.logLevel ?? .info
        return logger
    }
}
