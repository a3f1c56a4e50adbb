import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchMonitor
import GovwatchSite
import Logging

/// Keeps the reviewer site current: after a delivery that added alerts it
/// rebuilds what they touched (``SiteUpdater/update()``). One update runs
/// at a time; calls during one ask for one more after it, so a burst of
/// cycles costs two updates, not one per cycle. A failed update is logged
/// and changes nothing: the next one starts from the same alert.
public actor SiteKeeper {
    let logger: Logger
    private var running = false
    private var again = false

    public init(logger: Logger) { self.logger = logger }

    public func refresh(_ monitor: Monitor) async {
        guard !running else {
            again = true
            return
        }
        running = true
        repeat {
            again = false
            await update(monitor)
        } while again
        running = false
    }

    private func update(_ monitor: Monitor) async {
        let configuration = monitor.configuration
        guard configuration.site.enabled else { return }
        let updater = SiteUpdater(
            store: monitor.store, settings: .init(configuration), now: { WallClock.system.now() })
        let started = ContinuousClock.now
        do {
            guard let outcome = try await updater.update() else { return }
            logger.info(
                "site updated",
                metadata: [
                    "dir": "\(configuration.site.directory)", "full": "\(outcome.full)",
                    "series": "\(outcome.seriesBuilt)", "units": "\(outcome.unitsBuilt)",
                    "months": "\(outcome.monthsBuilt)", "seconds": "\(ContinuousClock.now - started)",
                ])
        } catch {
            logger.error(
                "site update failed; the site stays as it was and the next delivery tries again",
                metadata: ["dir": "\(configuration.site.directory)", "error": "\(error)"])
        }
    }
}

extension SiteUpdater.Settings {
    /// The site's settings from the configuration (`[site]`, `[daemon]`).
    public init(_ configuration: GovwatchConfiguration, directory: String? = nil) {
        self.init(
            directory: directory ?? configuration.site.directory, title: configuration.daemon.feedTitle,
            time: configuration.daemon.localTime, sources: configuration.sources.map(\.name))
    }
}
