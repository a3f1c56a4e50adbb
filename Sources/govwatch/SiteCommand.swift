import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchFiles
import GovwatchMonitor
import GovwatchPublish
import GovwatchStore

/// `govwatch site build`: the reviewer site, from what the store holds.
struct SiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Build the reviewer site: changes, sources' health, pages per report, task, unit and month.",
        subcommands: [Build.self, Export.self]
    )

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Write the whole site into DIR (default [site] dir), replacing the previous one in one step.",
            discussion: """
                DIR is a symbolic link to a folder of the site's pages: the new pages are written into \
                a folder of their own and the link is switched to it, so a web server or browser \
                reading DIR never sees a half-written site. The daemon keeps the site current by \
                itself; this rebuilds all of it. Open DIR/index.html, serve DIR, or run govwatch serve.
                """
        )

        @OptionGroup var common: CommonOptions
        @Option(help: "Where the site goes (default: [site] dir, else state_dir/site).") var dir: String?

        func run() async throws {
            let reader = try StoreReader(common)
            let target = dir ?? reader.configuration.site.directory
            let updater = SiteUpdater(
                store: reader.store, settings: .init(reader.configuration, directory: target),
                now: { WallClock.system.now() })
            let outcome: SiteUpdater.Outcome
            do { outcome = try await updater.rebuild() } catch {
                throw CommandFailure(.ioError, "cannot build the site in \(target): \(error)").exit
            }
            print(
                "wrote the site to \(target): \(outcome.seriesBuilt) series, \(outcome.unitsBuilt) units, "
                    + "\(outcome.monthsBuilt) months (open \(target)/index.html)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Copy the current site into DIR as plain files, for a web root or object storage.",
            discussion: """
                DIR must be new or empty. The copy has no symbolic links and every link in it \
                resolves, so it can be uploaded as it is (rclone copy DIR remote:bucket, ossutil cp \
                -r DIR oss://bucket/) or served from any web root. It is written beside DIR and \
                renamed into place. Exit status 66 when there is no site yet, 74 when DIR cannot \
                be written.
                """
        )

        @OptionGroup var common: CommonOptions
        @Argument(help: "The folder to write (new or empty).") var destination: String

        func run() async throws {
            let configuration = try common.loadConfigurationForReading()
            let site = configuration.site.directory
            guard FileManager.default.fileExists(atPath: site + "/index.html") else {
                throw CommandFailure(.noInput, "no site in \(site) yet: run govwatch site build -c FILE first")
            }
            let outcome: SiteExport.Outcome
            do { outcome = try SiteExport.export(site, to: destination) } catch {
                throw CommandFailure(.ioError, error.description)
            }
            let megabytes = String(format: "%.1f MB", Double(outcome.bytes) / 1_048_576)
            print("exported the site to \(destination): \(outcome.files) files, \(megabytes)")
        }
    }
}
