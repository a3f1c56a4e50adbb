import ArgumentParser
import GovwatchConfig
import GovwatchCore
import GovwatchMonitor

/// `govwatch feed`: the Atom feed of recent alerts (as the daemon writes it to state_dir/feed.atom).
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Print the Atom 1.0 feed of recent alerts."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let reader = try StoreReader(common)
        emit(
            AtomFeed.render(
                alerts: try await reader.alerts(limit: Delivery.feedSize), title: reader.configuration.daemon.feedTitle,
                updated: WallClock.system.now()))
    }
}
