import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchFiles
import GovwatchSpool
import GovwatchStore

/// `govwatch config check [-c FILE]`: validate without running anything.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with configuration files.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file and say where govwatch will write.",
            discussion: """
                Exit status: 0 when the file is usable (warnings, such as no sources or a placeholder \
                contact in http.user_agent, are printed on stderr); 78 (EX_CONFIG) with the file, line, \
                key and reason when it is not. With --fetch: 65 when a source's page gave no listing, \
                66 when it could not be fetched.
                """
        )

        @Option(name: .shortAndLong, help: "The configuration file.")
        var config: String = "/etc/govwatch/govwatch.toml"

        @Argument(help: "The configuration file (the same as -c).")
        var file: String?

        /// Set for the preflight child (``ConfigurationPreflight``): parse
        /// here, without a child of its own.
        @Flag(name: .customLong("in-process"), help: .hidden)
        var inProcess = false

        @Flag(
            help: """
                Also fetch each source's listing page now and say what it lists: how many of its links \
                a links source's match takes, the newest, the next page; or why it lists nothing.
                """)
        var fetch = false

        func run() async throws {
            let path = file ?? config
            let configuration: GovwatchConfiguration
            do {
                configuration =
                    try inProcess
                    ? ConfigurationLoader.load(path: path, urlCheck: Runtime.urlCheck)
                    : ConfigurationPreflight.load(path: path)
            } catch {
                throw CommandFailure(error).exit
            }
            if inProcess { return }
            print(ConfigReport.lines(configuration).joined(separator: "\n"))
            for note in ConfigReport.overlapNotes(configuration) { print(note) }
            for warning in configuration.warnings + ConfigReport.folderWarnings(configuration) {
                FileHandle.standardError.write(Data("govwatch: warning: \(warning)\n".utf8))
            }
            guard fetch else { return }
            print("listings, fetched now:")
            let probe = await ListingProbe.run(configuration)
            print(probe.lines.joined(separator: "\n"))
            if let failure = probe.failure {
                throw CommandFailure(failure, "a source's listing cannot be read now (see above)").exit
            }
        }
    }
}

/// What `config check` prints: where govwatch writes, each source's
/// schedule and each notifier (never a URL or secret: robot URLs carry keys).
enum ConfigReport {
    static func lines(_ configuration: GovwatchConfiguration) -> [String] {
        let daemon = configuration.daemon
        var lines = [
            "\(configuration.file): ok, \(configuration.sources.count) source(s)",
            "  state:     \(daemon.stateDirectory) (store \(configuration.databasePath), feed \(configuration.feedPath))",
            "  spool:     \(daemon.spoolDirectory)",
            "  alert log: \(daemon.alertLog)",
            "  site:      "
                + (configuration.site.enabled ? configuration.site.directory : "off ([site] enabled = false)"),
        ]
        if let shard = daemon.shard {
            let total = configuration.sources.count + configuration.otherShards.count
            lines.append(
                "  shard \(shard): \(configuration.sources.count) of \(total) source(s) (by host; "
                    + "the others: \(configuration.otherShards.map(\.name).joined(separator: ", ")))")
        }
        for source in configuration.sources {
            lines.append(
                "  \(source.name): \(source.type.rawValue) \(source.url) every \(DurationText.format(source.interval)), "
                    + "recheck \(DurationText.format(source.recheckInterval)) "
                    + "for \(DurationText.format(source.recheckWindow)) after publication, "
                    + (source.archiveInterval == .zero
                        ? "then never, "
                        : "then every \(DurationText.format(source.archiveInterval)), ")
                    + "baseline \(source.baseline.rawValue), "
                    + pagesText(source))
        }
        for notifier in configuration.notifiers {
            var line = "  notifier \(notifier.name): \(notifier.type.rawValue), \(notifier.ratePerMinute)/min"
            if !notifier.sources.isEmpty { line += ", sources \(notifier.sources.joined(separator: ","))" }
            if !notifier.kinds.isEmpty { line += ", kinds \(notifier.kinds.joined(separator: ","))" }
            if !notifier.units.isEmpty { line += ", units \(notifier.units.joined(separator: ","))" }
            if notifier.secret != nil { line += ", signed" }
            lines.append(line)
        }
        return lines
    }

    /// What a source lists: its pages, and the links or items it takes.
    static func pagesText(_ source: GovwatchConfiguration.Source) -> String {
        var text = source.type == .feed ? "feed items" : "\(source.pages) page(s)"
        if source.type == .links, source.pages > 1, let next = source.next { text += " (next: \(next))" }
        if let match = source.match { text += ", links matching '\(match)'" }
        if let title = source.titleMatch { text += " titled '\(title)'" }
        if !source.columns.isEmpty {
            let chosen = source.columns.byHeader.sorted { $0.key < $1.key }.map { "\($0.value.rawValue)=\($0.key)" }
            text += ", columns " + chosen.joined(separator: ", ")
        }
        return text
    }

    /// Sources whose columns list the same reports, as the store knows
    /// them (nothing before the first run): reviewers see one copy.
    static func overlapNotes(_ configuration: GovwatchConfiguration) -> [String] {
        guard FileManager.default.fileExists(atPath: configuration.databasePath),
            let overlaps = GovwatchStore.overlappingSources(inStoreAt: configuration.databasePath)
        else { return [] }
        return overlaps.map { pair in
            "  note: sources \(pair.sources.joined(separator: " and ")) list the same \(pair.articles) report(s); "
                + "each is one document to reviewers (the source that found it first keeps it)"
        }
    }

    /// Folders this user could not create or write: warnings, since a
    /// file is often checked on another machine or as another user than
    /// the daemon's (`govwatch once` and the daemon fail with 74 instead).
    static func folderWarnings(_ configuration: GovwatchConfiguration) -> [String] {
        let daemon = configuration.daemon
        let folders =
            [
                ("state_dir", daemon.stateDirectory), ("spool_dir", daemon.spoolDirectory),
                ("alert_log", Folder.containing(daemon.alertLog)),
            ] + (configuration.site.enabled ? [("site.dir", Folder.containing(configuration.site.directory))] : [])
        return folders.compactMap { key, folder in
            Folder.whyNotUsable(folder).map { "\(key): \($0)" }
        }
    }
}
