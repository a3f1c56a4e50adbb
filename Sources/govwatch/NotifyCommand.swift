import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchNotify

/// `govwatch notify`: deliver spool alerts through the configured notifiers.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send pending spool alerts to the configured notifiers (the daemon does this continuously).",
        discussion: "Both subcommands read the configuration given with -c FILE (default /etc/govwatch/govwatch.toml).",
        subcommands: [Send.self, Status.self],
        defaultSubcommand: Send.self,
        aliases: ["notifiers"]
    )

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send", abstract: "One delivery pass over every notifier.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let reader = try StoreReader(common, secrets: .required)
            if reader.configuration.notifiers.isEmpty {
                print(
                    "no notifiers configured: add [[notifiers]] to \(reader.configuration.file); alerts stay in the spool"
                )
                return
            }
            let dispatcher = reader.runtime.dispatcher(
                logger: common.makeLogger())
            var failed = false
            for outcome in await dispatcher.dispatch() {
                var line =
                    "\(outcome.notifier): sent \(outcome.sentMessages) message(s) with \(outcome.deliveredAlerts) alert(s), \(outcome.pending) pending"
                if let error = outcome.error {
                    line += "; failing: \(error)"
                    failed = true
                }
                print(line)
            }
            if failed { throw ExitCode(ExitStatus.tempFail.rawValue) }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "What each notifier delivered, and whether it is failing.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let reader = try StoreReader(common)
            for notifier in reader.configuration.notifiers {
                let record = try await reader.runtime.ledger.record(notifier.name)
                var line =
                    "\(notifier.name) (\(notifier.type.rawValue), \(notifier.ratePerMinute)/min): "
                    + "\(record.sentAlerts) alert(s) delivered in \(record.sentMessages) message(s)"
                if let since = record.startedAt { line += ", sending alerts from \(since.rfc3339) on" }
                if let last = record.lastSuccessAt { line += ", last success \(last.rfc3339)" }
                if record.failures > 0 {
                    line += "; FAILING (\(record.failures) in a row): \(record.lastError ?? "?")"
                    if let next = record.nextAttemptAt { line += ", next attempt \(next.rfc3339)" }
                }
                print(line)
            }
            if reader.configuration.notifiers.isEmpty { print("no notifiers configured") }
        }
    }
}
