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
        /// Each source's `title`, by name: what reviewers see for it.
        public var sourceTitles: [String: String] = [:]
        /// `[daemon] overdue_after` in days: a series later than this is marked 逾期 (0: never).
        public var overdueAfterDays = 60
        /// `[site] quiet_after` in days: a source this long without a new report says so.
        public var quietAfterDays = 180

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

    /// One series at a time: the reports' headings group them, then each
    /// series' snapshots and alerts are read, its pages written, and both
    /// released before the next (memory holds one series, whatever the
    /// store holds); the change log likewise a month at a time.
    func rebuildLocked() async throws -> Outcome {
        // Read before the reports: alerts committed while the site is built
        // come after it, so the next update rebuilds what they touch.
        let lastSequence = try await store.newestAlertSequence() ?? 0
        var byKey: [String: [ReportHeading]] = [:]
        for heading in try await store.reportHeadings() { byKey[Self.seriesKey(heading), default: []].append(heading) }
        var build = SiteBuild(settings: settings, generatedAt: now(), current: nil)
        var decoded = DecodedAlerts.forgetting
        do {
            for key in byKey.keys.sorted() {
                try await addSeries(key, members: byKey[key]!, to: &build, decoded: &decoded)
            }
            try build.renderUnits(Set(build.manifest.unitCounts.keys))
            let times = try await store.alertTimes()
            try await renderMonths(of: times, to: &build, decoded: &decoded)
            build.manifest.lastSequence = lastSequence
            return try await finish(build, decoded: &decoded)
        } catch {
            SiteWriter.discard(build.parts, tree: build.tree, site: settings.directory)
            throw error
        }
    }

    /// Rebuilds what the alerts committed since the last build touch (nil:
    /// there are none); the whole site when it has no manifest of this
    /// version. With nothing new since the site's mark
    /// (``SiteBuild/shownSequence(_:)``), the manifest is not read.
    public func update() async throws -> Outcome? {
        let lock = try SiteWriter.lock(settings.directory)
        defer { withExtendedLifetime(lock) {} }
        // Nothing committed since the site was built (a `once` that found
        // nothing): the manifest, some 340 KB per thousand reports, is not read.
        if let shown = SiteBuild.shownSequence(settings.directory), try await store.newestAlertSequence() ?? 0 <= shown
        {
            return nil
        }
        guard let current = SiteBuild.currentManifest(settings.directory) else { return try await rebuildLocked() }
        let rows = try await store.alerts(after: current.lastSequence)
        guard let last = rows.last?.sequence else { return nil }
        var decoded = DecodedAlerts(rememberingAfter: current.lastSequence)
        let alerts = decoded.alerts(rows)
        var build = SiteBuild(settings: settings, generatedAt: now(), current: current)
        build.manifest.lastSequence = last
        let seriesOfURL = current.seriesOfURL
        // Only headings are held: each series' snapshots are read when it is built.
        var touched: [String: ReportHeading?] = [:]
        var dirty: Set<String> = []
        for alert in alerts {
            guard let url = alert.url, touched[url] == nil else { continue }
            if let old = seriesOfURL[url] { dirty.insert(old) }
            let heading = try await store.reportHeading(url: url)
            touched[url] = .some(heading)
            if let heading { dirty.insert(Self.seriesKey(heading)) }
        }
        do {
            var unitsBefore: Set<String> = []
            for key in dirty.sorted() {
                unitsBefore.formUnion(current.series[key]?.units.keys ?? [:].keys)
                let kept = (current.series[key]?.reports ?? []).filter { touched[$0.url] == nil }.map {
                    ReportHeading(
                        source: $0.source, url: $0.url, title: $0.title, publishedAt: $0.published,
                        entryCount: $0.entryCount, assignment: $0.assignment)
                }
                let moved = touched.values.compactMap { $0 }.filter { Self.seriesKey($0) == key }
                try await addSeries(key, members: kept + moved, to: &build, decoded: &decoded)
            }
            let unitsAfter = dirty.flatMap { build.manifest.series[$0]?.units.keys ?? [:].keys }
            try build.renderUnits(unitsBefore.union(unitsAfter))
            let months = Set(alerts.compactMap { SiteLayout.month(of: $0.detectedAt, settings.time) })
            if let first = alerts.compactMap({ Timestamp(rfc3339: $0.detectedAt) }).min() {
                // 32 days before the earliest alert: the whole of its month, in any time zone.
                let since = Timestamp(epochSeconds: first.epochSeconds - 32 * 86_400)
                try build.renderMonths(decoded.alerts(try await store.alerts(since: since)), only: months)
            }
            return try await finish(build, decoded: &decoded)
        } catch {
            SiteWriter.discard(build.parts, tree: build.tree, site: settings.directory)
            throw error
        }
    }

    /// Reads one series' reports (a few at a time) and edits from the store
    /// and writes its pages.
    func addSeries(
        _ key: String, members: [ReportHeading], to build: inout SiteBuild, decoded: inout DecodedAlerts
    ) async throws {
        // Only edits are shown with a series: other alerts are not decoded.
        let rows = try await store.alerts(urls: members.map(\.url))
        let edits = decoded.alerts(rows.filter { $0.kind == Alert.Kind.documentChanged.rawValue })
        try await build.addSeries(key: key, members: members, alerts: edits, load: load)
    }

    /// Renders each month of the change log from that month's alerts alone
    /// (`times`: when each alert was committed, which is when it was detected).
    func renderMonths(of times: [Timestamp], to build: inout SiteBuild, decoded: inout DecodedAlerts) async throws {
        var spans: [String: (first: Timestamp, last: Timestamp)] = [:]
        for time in times {
            let month = String(settings.time.display(time).prefix(7))
            let span = spans[month] ?? (time, time)
            spans[month] = (min(span.first, time), max(span.last, time))
        }
        for (month, span) in spans.sorted(by: { $0.key < $1.key }) {
            // A day either side: an alert stamped at a month's edge is still read.
            let from = Timestamp(epochSeconds: span.first.epochSeconds - 86_400)
            let through = Timestamp(epochSeconds: span.last.epochSeconds + 86_400)
            let rows = try await store.alerts(from: from, through: through)
            try build.renderMonths(decoded.alerts(rows), only: [month])
        }
    }

    func finish(_ build: SiteBuild, decoded: inout DecodedAlerts) async throws -> Outcome {
        var build = build
        let states = try await store.sourceStates()
        let latest = decoded.alerts(try await store.alerts(limit: 50))
        let top = IndexPage(
            title: settings.title, manifest: build.manifest,
            sources: settings.sources.map { ($0, states[$0]) }, sourceTitles: settings.sourceTitles,
            overdueAfterDays: settings.overdueAfterDays, quietAfterDays: settings.quietAfterDays,
            latestAlerts: latest, time: settings.time,
            generatedAt: build.generatedAt)
        build.files.merge(top.files()) { _, new in new }
        build.files.merge(try build.laggingPage()) { _, new in new }
        try SiteWriter.write(build.writerBuild(), to: settings.directory)
        return build.outcome
    }

    /// The snapshots of `members` with entries, by URL, with the bytes each
    /// is stored as, read in order beside `earlier`
    /// (``GovwatchStore/storedSnapshots(source:urls:after:)``).
    func load(_ members: [ReportHeading], after earlier: DocumentSnapshot?) async throws -> [String: StoredSnapshot] {
        var snapshots: [String: StoredSnapshot] = [:]
        for (source, records) in Dictionary(grouping: members, by: \.source) {
            let found = try await store.storedSnapshots(source: source, urls: records.map(\.url), after: earlier)
            snapshots.merge(found.filter { !$0.value.snapshot.entries.isEmpty }) { first, _ in first }
        }
        return snapshots
    }

    /// The series a report belongs to (``ReportSeries``), or its URL when
    /// its title names none: such a report is a series of its own.
    static func seriesKey(_ heading: ReportHeading) -> String {
        heading.title.flatMap(ReportSeries.key(title:))?.description ?? heading.url
    }
}
