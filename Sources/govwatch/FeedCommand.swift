import ArgumentParser
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchMonitor
import GovwatchPublish

/// `govwatch feed`: the Atom feed of recent alerts (as the daemon writes it to state_dir/feed.atom).
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Print the Atom 1.0 feed of recent alerts."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let reader = try StoreReader(common)
        do {
            emit(
                try await Publisher.feed(
                    store: reader.runtime.store, title: reader.configuration.daemon.feedTitle,
                    now: reader.runtime.monitor.clock.now()))
        } catch { throw CommandFailure(error) }
    }
}
