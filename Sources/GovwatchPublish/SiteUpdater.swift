import Foundation
public import GovwatchCore
public import GovwatchStore

/// Keeps the reviewer site in `directory` current from the store: a full
/// build (`govwatch site build`, or when the site has no manifest yet),
/// or, after a delivery, a rebuild of what its alerts touch: their reports'
/// series, those series' lead units, their months of the change log, and
/// the top pages. Other series, units and months stay as they are.
public struct SiteUpdater: Sendable {
    public struct Settings: Sendable {
        public var directory: String
        public var title: String
        public var time: LocalTime
        /// The configured sources, in order, for the index's health table.
        public var sources: [String]

        public init(directory: String, title: String, time: LocalTime, sources: [String]) {
            self.directory = directory
            self.title = title
            self.time = time
            self.sources = sources
        }
    }

    /// What a build did.
    public struct Outcome: Sendable, Equatable {
        public var full: Bool
        public var seriesBuilt: Int
        public var unitsBuilt: Int
        public var monthsBuilt: Int
    }

    let store: GovwatchStore
    let settings: Settings
    let now: @Sendable () -> Timestamp

    public init(store: GovwatchStore, settings: Settings, now: @escaping @Sendable () -> Timestamp) {
        self.store = store
        self.settings = settings
        self.now = now
    }

    /// Builds the whole site from the store.
    public func rebuild() async throws -> Outcome {
        let lock = try SiteWriter.lock(settings.directory)
        defer { withExtendedLifetime(lock) {} }
        return try await rebuildLocked()
    }

    func rebuildLocked() async throws -> Outcome {
        let documents = try await store.allDocuments().onePerURL.compactMap(Self.siteDocument)
        let rows = try await store.alerts()
        let alerts = decode(rows)
        var byKey: [String: [SiteDocument]] = [:]
        for document in documents { byKey[document.seriesKey, default: []].append(document) }
        var build = SiteBuild(settings: settings, generatedAt: now(), current: nil)
        let alertsByURL = Dictionary(grouping: alerts.filter { $0.url != nil }, by: { $0.url! })
        do {
            for (key, reports) in byKey {
                try build.addSeries(key: key, reports: reports, alerts: reports.flatMap { alertsByURL[$0.url] ?? [] })
            }
            try build.renderUnits(Set(build.manifest.unitCounts.keys))
            build.renderMonths(alerts, only: nil)
            build.manifest.lastSequence = rows.last?.sequence ?? 0
            return try await finish(build)
        } catch {
            SiteWriter.discard(build.parts, site: settings.directory)
            throw error
        }
    }

    /// Rebuilds what the alerts committed since the last build touch (nil:
    /// there are none); the whole site when it has no manifest of this
    /// version.
    public func update() async throws -> Outcome? {
        let lock = try SiteWriter.lock(settings.directory)
        defer { withExtendedLifetime(lock) {} }
        guard let current = SiteBuild.currentManifest(settings.directory) else { return try await rebuildLocked() }
        let rows = try await store.alerts(after: current.lastSequence)
        guard let last = rows.last?.sequence else { return nil }
        let alerts = decode(rows)
        var build = SiteBuild(settings: settings, generatedAt: now(), current: current)
        build.manifest.lastSequence = last
        let seriesOfURL = current.seriesOfURL
        var touched: [String: SiteDocument] = [:]
        var dirty: Set<String> = []
        for alert in alerts {
            guard let url = alert.url, touched[url] == nil else { continue }
            if let old = seriesOfURL[url] { dirty.insert(old) }
            if let document = try await store.document(source: alert.source, url: url).flatMap(Self.siteDocument) {
                touched[url] = document
                dirty.insert(document.seriesKey)
            }
        }
        do {
            var unitsBefore: Set<String> = []
            for key in dirty {
                unitsBefore.formUnion(current.series[key]?.units.keys ?? [:].keys)
                let kept = (current.series[key]?.reports ?? []).filter { touched[$0.url] == nil }
                var reports = try await load(kept)
                reports += touched.values.filter { $0.seriesKey == key }
                let history = try await decode(store.alerts(urls: reports.map(\.url)))
                try build.addSeries(key: key, reports: reports, alerts: history)
            }
            let unitsAfter = dirty.flatMap { build.manifest.series[$0]?.units.keys ?? [:].keys }
            try build.renderUnits(unitsBefore.union(unitsAfter))
            let months = Set(alerts.compactMap { SiteLayout.month(of: $0.detectedAt, settings.time) })
            if let first = alerts.compactMap({ Timestamp(rfc3339: $0.detectedAt) }).min() {
                // 32 days before the earliest alert: the whole of its month, in any time zone.
                let since = Timestamp(epochSeconds: first.epochSeconds - 32 * 86_400)
                build.renderMonths(try await decode(store.alerts(since: since)), only: months)
            }
            return try await finish(build)
        } catch {
            SiteWriter.discard(build.parts, site: settings.directory)
            throw error
        }
    }

    func finish(_ build: SiteBuild) async throws -> Outcome {
        var build = build
        let states = try await store.sourceStates()
        let top = IndexPage(
            title: settings.title, manifest: build.manifest,
            sources: settings.sources.map { ($0, states[$0]) }, latestAlerts: try await decode(store.alerts(limit: 50)),
            time: settings.time, generatedAt: build.generatedAt)
        build.files.merge(top.files()) { _, new in new }
        try SiteWriter.write(build.writerBuild(), to: settings.directory)
        return build.outcome
    }

    func load(_ reports: [ReportRecord]) async throws -> [SiteDocument] {
        var documents: [SiteDocument] = []
        for (source, records) in Dictionary(grouping: reports, by: \.source) {
            let snapshots = try await store.snapshots(source: source, urls: records.map(\.url))
            for record in records {
                if let snapshot = snapshots[record.url], !snapshot.entries.isEmpty {
                    documents.append(SiteDocument(source: source, url: record.url, snapshot: snapshot))
                }
            }
        }
        return documents
    }

    func decode(_ rows: [OutboxAlert]) -> [Alert] {
        rows.compactMap(\.alert)
    }

    /// A stored document the site shows: one with a report read from it.
    static func siteDocument(_ document: StoredDocument) -> SiteDocument? {
        guard let snapshot = document.snapshot, !snapshot.entries.isEmpty else { return nil }
        return SiteDocument(source: document.source, url: document.url, snapshot: snapshot)
    }
}
