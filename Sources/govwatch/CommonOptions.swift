public import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchMonitor
import GovwatchSystemd
import Logging

/// Options shared by the commands that read a configuration, and the one
/// place those commands open what it names (``Runtime``).
struct CommonOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String = "/etc/govwatch/govwatch.toml"

    @Option(
        name: .customLong("log-level"),
        help: "trace, debug, info, notice, warning, error or critical (default: info; once: notice).")
    var logLevel: Logger.Level?

    /// Log lines on stderr, one format for every command (the daemon's:
    /// RFC 3339 UTC, level, message, metadata). `level` is the command's
    /// default when --log-level is not given.
    func makeLogger(level: Logger.Level = .info) -> Logger {
        commandLogger(level: logLevel ?? level)
    }

    func loadConfiguration() throws(CommandFailure) -> GovwatchConfiguration {
        do { return try ConfigurationPreflight.load(path: config) } catch { throw CommandFailure(error) }
    }

    /// The configuration for a command that only reads state: a notifier
    /// secret missing from this shell is a warning on stderr, not a failure.
    func loadConfiguration(secrets: ConfigurationLoader.Secrets) throws(CommandFailure) -> GovwatchConfiguration {
        secrets == .required ? try loadConfiguration() : try loadConfigurationForReading()
    }

    func loadConfigurationForReading() throws(CommandFailure) -> GovwatchConfiguration {
        let configuration: GovwatchConfiguration
        do { configuration = try ConfigurationPreflight.load(path: config, secrets: .optional) } catch {
            throw CommandFailure(error)
        }
        for warning in configuration.warnings where warning.hasPrefix("notifier ") {
            FileHandle.standardError.write(Data("govwatch: warning: \(warning)\n".utf8))
        }
        return configuration
    }

    /// The configuration's runtime, creating state and spool when missing.
    func openRuntime(logger: Logger) throws(CommandFailure) -> Runtime {
        let configuration = try loadConfiguration()
        do {
            return try Runtime.open(configuration, hooks: processHooks, attachments: .ownChild, logger: logger)
        } catch {
            throw CommandFailure(error)
        }
    }

    /// The runtime of a store that must exist already (the reading commands).
    func openExistingRuntime(secrets: ConfigurationLoader.Secrets = .optional) throws(CommandFailure) -> Runtime {
        let configuration = try loadConfiguration(secrets: secrets)
        do { return try Runtime.openExisting(configuration, hooks: processHooks, logger: makeLogger()) } catch {
            throw CommandFailure(error)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension AttachmentReader {
    /// Attached files read by `govwatch read-attachment`, this very binary.
    static let ownChild = AttachmentReader.child(executable: "/proc/self/exe")
}

/// The test hooks of this process, read from its environment once
/// (``TestHooks``); every command passes them down from here.
let processHooks = TestHooks(environment: ProcessInfo.processInfo.environment)

/// A command's logger: lines on stderr in the daemon's format.
func commandLogger(level: Logger.Level) -> Logger {
    var logger = Logger(label: "govwatch") { label in JournalLogHandler(label: label, toJournal: false) }
    logger.logLevel = level
    return logger
}
