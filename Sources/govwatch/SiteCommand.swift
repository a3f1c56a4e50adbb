import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchMonitor
import GovwatchSite
import GovwatchStore

/// `govwatch site build`: the reviewer site, from what the store holds.
struct SiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract: "Build the reviewer site: latest changes, sources' health, a page per report and per lead unit.",
        subcommands: [Build.self]
    )

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Write the site into DIR (default state_dir/site), replacing the previous one in one step.",
            discussion: """
                DIR is a symbolic link to a folder of the site's pages: the new pages are written into \
                a folder of their own and the link is switched to it, so a web server or browser \
                reading DIR never sees a half-written site. Open DIR/index.html, or serve DIR.
                """
        )

        @OptionGroup var common: CommonOptions
        @Option(help: "Where the site goes (default: state_dir/site).") var dir: String?

        func run() async throws {
            let reader = try StoreReader(common)
            let daemon = reader.configuration.daemon
            let states = try await reader.store.sourceStates()
            let input = SiteInput(
                title: daemon.feedTitle, documents: try await reader.documents(),
                sources: reader.configuration.sources.map { ($0.name, states[$0.name]) },
                alerts: try await reader.alerts(limit: 30), time: daemon.localTime,
                generatedAt: WallClock.system.now())
            let pages = SiteBuilder.pages(input)
            let target = dir ?? daemon.stateDirectory + "/site"
            do { try SiteWriter.write(pages, to: target) } catch {
                throw CommandFailure(.ioError, error.description).exit
            }
            print("wrote \(pages.count) pages to \(target) (open \(target)/index.html)")
        }
    }
}
