public import GovwatchConfig
public import GovwatchCore
import GovwatchFiles
public import GovwatchStore
public import Logging

/// Publishing, in one place: what reviewers read after alerts are
/// delivered, the Atom feed (`state_dir/feed.atom`) and the reviewer site
/// (``SiteUpdater``). Delivery hands over; the daemon and `govwatch once`
/// call ``refresh(store:configuration:delivered:)`` after each delivery.
///
/// One refresh runs at a time; calls during one ask for one more after it,
/// so a burst of cycles costs two refreshes, not one per cycle. A failed
/// refresh is logged and changes nothing: the next one starts from the
/// same alert.
public actor Publisher {
    /// Alerts in the feed, newest first.
    public static let feedSize = 200
    /// Free space the site never takes: below it, site updates wait, so
    /// that the store (which matters more) can still commit and deliver.
    public static let siteReserve: Int64 = 64 << 20

    let clock: WallClock
    let logger: Logger
    private var running = false
    private var again = false

    public init(clock: WallClock, logger: Logger) {
        self.clock = clock
        self.logger = logger
    }

    /// Writes the feed when alerts were `delivered` (or it does not exist
    /// yet), then brings the site up to date (when `[site] enabled`): the
    /// site catches up with every delivered alert it does not show yet,
    /// so a refresh after a crash or a failed update completes it.
    public func refresh(store: GovwatchStore, configuration: GovwatchConfiguration, delivered: Bool = true) async {
        guard !running else {
            again = true
            return
        }
        running = true
        var delivered = delivered
        repeat {
            again = false
            await writeFeedIfDue(store: store, configuration: configuration, delivered: delivered)
            await updateSite(store: store, configuration: configuration)
            delivered = true
        } while again
        running = false
    }

    /// The feed of the newest alerts, as `govwatch feed` prints it.
    public static func feed(store: GovwatchStore, title: String, now: Timestamp) async throws(StoreError) -> String {
        let alerts = try await store.alerts(limit: feedSize).compactMap(\.alert)
        return AtomFeed.render(alerts: alerts, title: title, updated: now)
    }

    func writeFeedIfDue(store: GovwatchStore, configuration: GovwatchConfiguration, delivered: Bool) async {
        let path = configuration.feedPath
        guard delivered || !SystemCall.exists(path) else { return }
        do {
            let feed = try await Self.feed(store: store, title: configuration.daemon.feedTitle, now: clock.now())
            try AtomicFile.write(Array(feed.utf8), to: path)
        } catch {
            logger.warning("feed not written", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    func updateSite(store: GovwatchStore, configuration: GovwatchConfiguration) async {
        guard configuration.site.enabled else { return }
        let directory = configuration.site.directory
        if let free = Folder.freeBytes(Folder.containing(directory)), free < Self.siteReserve {
            logger.warning(
                "site update skipped: the disk is nearly full; the store keeps the space it needs",
                metadata: [
                    "dir": "\(directory)", "freeBytes": "\(free)", "reserveBytes": "\(Self.siteReserve)",
                ])
            return
        }
        let clock = self.clock
        let updater = SiteUpdater(store: store, settings: .init(configuration), now: { clock.now() })
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
        overdueAfterDays = Int(configuration.daemon.overdueAfter.components.seconds / 86400)
        quietAfterDays = Int(configuration.site.quietAfter.components.seconds / 86400)
        sourceTitles = Dictionary(
            configuration.sources.compactMap { source in source.title.map { (source.name, $0) } },
            uniquingKeysWith: { first, _ in first })
    }
}
