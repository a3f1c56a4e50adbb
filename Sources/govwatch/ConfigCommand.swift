import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon

/// `govwatch config check FILE`: validate without running anything.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with configuration files.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Validate a configuration file; exit 0 when usable, 78 (EX_CONFIG) with the file, line, key and reason when not."
        )

        @Argument(help: "The configuration file.")
        var file: String

        /// Set for the preflight child (``ConfigurationPreflight``): parse
        /// here, without a child of its own.
        @Flag(name: .customLong("in-process"), help: .hidden)
        var inProcess = false

        func run() async throws {
            let configuration: GovwatchConfiguration
            do {
                configuration =
                    try inProcess
                    ? ConfigurationLoader.load(path: file, urlCheck: Runtime.urlCheck)
                    : ConfigurationPreflight.load(path: file)
            } catch {
                throw CommandFailure(error).exit
            }
            var lines = ["\(configuration.file): ok, \(configuration.sources.count) source(s)"]
            for source in configuration.sources {
                lines.append(
                    "  \(source.name): \(source.type.rawValue) \(source.url) every \(DurationText.format(source.interval)), "
                        + "recheck \(DurationText.format(source.recheckInterval)) for \(DurationText.format(source.recheckWindow)), "
                        + "baseline \(source.baseline.rawValue), \(source.pages) page(s)")
            }
            for notifier in configuration.notifiers {
                // Never the URL or secret: robot URLs carry keys.
                var line = "  notifier \(notifier.name): \(notifier.type.rawValue), \(notifier.ratePerMinute)/min"
                if !notifier.sources.isEmpty { line += ", sources \(notifier.sources.joined(separator: ","))" }
                if !notifier.kinds.isEmpty { line += ", kinds \(notifier.kinds.joined(separator: ","))" }
                if !notifier.units.isEmpty { line += ", units \(notifier.units.joined(separator: ","))" }
                if notifier.secret != nil { line += ", signed" }
                lines.append(line)
            }
            print(lines.joined(separator: "\n"))
        }
    }
}
