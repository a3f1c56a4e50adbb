import Foundation
import GovwatchCore

/// One build of the site as it is assembled: the new manifest, the files
/// of the tree, the series folders written anew, and the unit and month
/// pages dropped. ``SiteUpdater`` fills it from the store.
struct SiteBuild {
    let settings: SiteUpdater.Settings
    let generatedAt: Timestamp
    /// The manifest of the site being replaced (nil: a full build).
    let current: SiteManifest?
    var manifest: SiteManifest
    var files: [String: SiteFile] = [:]
    /// Series folders written (whole, under their partial names) so far.
    var parts: Set<String> = []
    var dropped: Set<String> = []
    var outcome: SiteUpdater.Outcome
    /// The task pages of each series rebuilt, by key (what month pages link to).
    private var taskNames: [String: Set<String>] = [:]
    private var unitTasks: [String: [String: [UnitTaskRecord]]] = [:]
    private let buildID = SiteWriter.newID()

    init(settings: SiteUpdater.Settings, generatedAt: Timestamp, current: SiteManifest?) {
        self.settings = settings
        self.generatedAt = generatedAt
        self.current = current
        manifest = current ?? SiteManifest()
        outcome = .init(full: current == nil, seriesBuilt: 0, unitsBuilt: 0, monthsBuilt: 0)
    }

    /// The manifest of the site in `directory`, if it has one of this version.
    static func currentManifest(_ directory: String) -> SiteManifest? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + SiteLayout.manifest),
            let manifest = try? JSONDecoder().decode(SiteManifest.self, from: data),
            manifest.version == SiteManifest.currentVersion
        else { return nil }
        return manifest
    }

    var displayedAt: String { settings.time.display(generatedAt) }

    /// Renders a series' folder anew and writes it at once (or drops the
    /// series: no reports left): the build keeps only its manifest record
    /// and compact per-unit tasks, so memory holds one series' pages.
    mutating func addSeries(key: String, reports: [SiteDocument], alerts: [Alert]) throws {
        guard !reports.isEmpty else {
            manifest.series[key] = nil
            return
        }
        let model = SeriesModel(key: key, reports: reports, alerts: alerts)
        let pages = SeriesPages(model: model, time: settings.time, generatedAt: displayedAt)
        let folder = String(model.folder.dropFirst("series/".count)) + "." + buildID
        try SiteWriter.writePart(pages.files(), folder: folder, site: settings.directory)
        parts.insert(folder)
        manifest.series[key] = pages.record(parts: folder)
        taskNames[key] = Set(model.tasks.map(\.name))
        unitTasks[key] = model.unitTasks()
        outcome.seriesBuilt += 1
    }

    /// Renders each unit's page and CSV from every series it leads tasks in.
    mutating func renderUnits(_ units: Set<String>) throws {
        var loaded: [String: [String: [UnitTaskRecord]]] = unitTasks
        var found: [(unit: String, tasks: [UnitTaskRecord])] = []
        for unit in units.sorted() {
            var tasks: [UnitTaskRecord] = []
            for record in manifest.series.values where record.units[unit] != nil {
                if loaded[record.key] == nil { loaded[record.key] = try unitTasks(of: record) }
                tasks += loaded[record.key]?[unit] ?? []
            }
            if tasks.isEmpty {
                let page = SiteLayout.unitPage(unit)
                dropped.formUnion([page + ".html", page + ".csv"])
            } else {
                found.append((unit, tasks))
            }
        }
        let generatedAt = displayedAt
        let rendered = found.parallelMap { unit, tasks in
            (
                SiteLayout.unitPage(unit), UnitPages.page(unit, tasks: tasks, generatedAt: generatedAt),
                UnitPages.csv(tasks)
            )
        }
        for (page, html, csv) in rendered {
            files[page + ".html"] = .text(html)
            files[page + ".csv"] = .text(csv)
        }
        outcome.unitsBuilt += rendered.count
    }

    /// A series' `units.json` as the current site has it.
    func unitTasks(of record: SeriesRecord) throws -> [String: [UnitTaskRecord]] {
        let path = settings.directory + "/" + record.folder + "/" + SiteLayout.unitTasks
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SiteWriter.Failure(description: "the site lacks \(path); build it anew (govwatch site build)")
        }
        return try JSONDecoder().decode([String: [UnitTaskRecord]].self, from: data)
    }

    /// Renders the months of the change log in `only` (all when nil) from
    /// `alerts`, which hold at least all of those months' alerts.
    mutating func renderMonths(_ alerts: [Alert], only: Set<String>?) {
        let byMonth = Dictionary(grouping: alerts) { SiteLayout.month(of: $0.detectedAt, settings.time) ?? "" }
        let seriesOfURL = manifest.seriesOfURL
        let pageOfURL = manifest.pageOfURL
        let links = ChangeLogPages.Links(
            report: { pageOfURL[$0] },
            task: { [taskNames, manifest, settings] url, entry in
                guard let key = seriesOfURL[url], let record = manifest.series[key] else { return nil }
                let name = SiteLayout.taskName(SiteLayout.identity(entry.task))
                if let names = taskNames[key] { return names.contains(name) ? record.folder + "/" + name : nil }
                let exists = FileManager.default.fileExists(
                    atPath: settings.directory + "/" + record.folder + "/" + name)
                return exists ? record.folder + "/" + name : nil
            })
        var months = Set(manifest.months)
        for (month, monthAlerts) in byMonth where !month.isEmpty && (only?.contains(month) ?? true) {
            let log = ChangeLog.build(alerts: monthAlerts, filter: .init(), generatedAt: generatedAt)
            files[SiteLayout.monthPage(month)] = .text(
                ChangeLogPages.month(month, log: log, time: settings.time, links: links, generatedAt: displayedAt))
            months.insert(month)
            outcome.monthsBuilt += 1
        }
        manifest.months = months.sorted(by: >)
    }

    func writerBuild() -> SiteWriter.Build {
        SiteWriter.Build(
            files: files, dropped: dropped, parts: parts,
            series: Dictionary(
                manifest.series.values.map { (String($0.folder.dropFirst("series/".count)), $0.parts) },
                uniquingKeysWith: { first, _ in first }))
    }
}
