import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchMonitor
import GovwatchSpool
import GovwatchStore
import Logging

/// `govwatch once`: one cycle of every due source, then delivery.
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Run one cycle of each due source, commit, and deliver its alerts.",
        discussion: """
            Exit status: 0 when the cycle ran (failing sources become alerts and log lines, \
            not exit codes); 78 for a bad configuration; 74 when the store, spool or log \
            cannot be used.
            """
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Run every source now, due or not.")
    var all = false

    func run() async throws {
        let logger = common.makeLogger()
        let configuration = try common.loadConfiguration()
        let monitor = try Runtime.makeMonitor(configuration, logger: logger)
        do {
            let results = try await monitor.runOnce(all: all)
            let outcome = await monitor.deliver()
            for result in results {
                let line = "\(result.source): \(result.summary)"
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
            if let blocked = outcome.blocked {
                FileHandle.standardError.write(Data("govwatch: delivery waiting: \(blocked)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("govwatch: \(error.description)\n".utf8))
            throw ExitCode(74)
        }
    }
}

/// Options shared by the commands that read a configuration.
struct CommonOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String = "/etc/govwatch/govwatch.toml"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func makeLogger() -> Logger {
        var logger = Logger(label: "govwatch") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = logLevel
        return logger
    }

    func loadConfiguration() throws -> GovwatchConfiguration {
        do {
            return try ConfigurationPreflight.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("govwatch: \(error.description)\n".utf8))
            throw ExitCode(ConfigurationError.exitCode)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Opens what a configuration names: state directory, store, spool.
enum Runtime {
    static func makeMonitor(_ configuration: GovwatchConfiguration, logger: Logger) throws -> Monitor {
        do {
            try FileManager.default.createDirectory(atPath: configuration.daemon.stateDirectory, withIntermediateDirectories: true)
        } catch {
            FileHandle.standardError.write(Data("govwatch: cannot create state directory \(configuration.daemon.stateDirectory): \(error.localizedDescription)\n".utf8))
            throw ExitCode(74)
        }
        let store: GovwatchStore
        do {
            store = try GovwatchStore(path: configuration.databasePath)
        } catch {
            FileHandle.standardError.write(Data("govwatch: \(error.description)\n".utf8))
            throw ExitCode(74)
        }
        let spool: MaildirSpool
        do {
            spool = try MaildirSpool(directory: configuration.daemon.spoolDirectory)
        } catch {
            FileHandle.standardError.write(Data("govwatch: spool: \(error.description)\n".utf8))
            throw ExitCode(74)
        }
        return Monitor(configuration: configuration, store: store, spool: spool, logger: logger)
    }
}
