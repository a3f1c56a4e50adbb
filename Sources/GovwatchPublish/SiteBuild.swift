import Foundation
import GovwatchCore
import GovwatchFiles
import GovwatchStore

/// One build of the site as it is assembled: the new manifest, the files
/// of the tree, the series folders written anew, and the unit and month
/// pages dropped. ``SiteUpdater`` fills it from the store.
struct SiteBuild {
    let settings: SiteUpdater.Settings
    let generatedAt: Timestamp
    /// The manifest of the site being replaced (nil: a full build).
    let current: SiteManifest?
    var manifest: SiteManifest
    /// The top pages, written last.
    var files: [String: SiteFile] = [:]
    /// The tree this build writes (`site.<id>`): unit and month pages go
    /// there as they are rendered, so memory holds a batch of them.
    let tree: String
    /// Paths written into the tree so far.
    var written: Set<String> = []
    /// Series folders written (whole, under their partial names) so far.
    var parts: Set<String> = []
    var dropped: Set<String> = []
    var outcome: SiteUpdater.Outcome
    private let buildID = SiteWriter.newID()

    init(settings: SiteUpdater.Settings, generatedAt: Timestamp, current: SiteManifest?) {
        self.settings = settings
        self.generatedAt = generatedAt
        self.current = current
        manifest = current ?? SiteManifest()
        tree = SiteWriter.newTree(settings.directory)
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

    /// The site's mark (``SiteLayout/mark``): `<version> <last sequence>
    /// <the manifest's size in bytes>`.
    static func mark(_ manifest: SiteManifest, bytes: Int) -> String {
        "\(manifest.version) \(manifest.lastSequence) \(bytes)\n"
    }

    /// The last alert the site in `directory` shows, from its mark; nil
    /// (read the manifest) when there is no mark (a site built before
    /// marks), one of another version, or no manifest of the size the mark
    /// gives beside it (one removed, cut short or replaced: read, it is
    /// found damaged and the site built whole). A manifest damaged within
    /// its size is read when the next alert comes.
    static func shownSequence(_ directory: String) -> Int64? {
        guard let data = FileManager.default.contents(atPath: directory + "/" + SiteLayout.mark), data.count < 80
        else { return nil }
        let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard fields.count == 3, Int(fields[0]) == SiteManifest.currentVersion,
            let bytes = Int(fields[2]), SystemCall.fileSize(directory + "/" + SiteLayout.manifest) == bytes
        else { return nil }
        return Int64(fields[1])
    }

    var displayedAt: String { settings.time.display(generatedAt) }

    /// Renders a series' folder anew, reading its reports a few at a time
    /// through `load` (each batch beside the last report read before it,
    /// whose strings it shares) and writing their pages at once (or drops the series:
    /// no reports left). The build keeps only its manifest record and
    /// compact per-unit tasks: memory holds a few reports' pages and each
    /// task's latest appearances, however long the series.
    mutating func addSeries(
        key: String, members: [ReportHeading], alerts: [Alert],
        load: ([ReportHeading], _ after: DocumentSnapshot?) async throws -> [String: StoredSnapshot]
    ) async throws {
        guard !members.isEmpty else {
            manifest.series[key] = nil
            return
        }
        let model = SeriesModel(key: key, members: members, alerts: alerts)
        let recorded = recordedInputs(key, of: model)
        var pages = SeriesPages(
            model: model, time: settings.time, generatedAt: displayedAt, current: recorded.reports,
            currentTasks: recorded.tasks, currentWorkbook: recorded.workbook)
        let reports = pages.model.reports
        let folder = SiteLayout.seriesLink(pages.model.folder) + "." + buildID
        // The series' folder in the site as it is (through its link), if it
        // has one: a page it holds unchanged is linked, not written again.
        let previous = settings.directory + "/" + pages.model.folder
        parts.insert(folder)
        // The last report read with entries: the next batch is read beside it.
        var last: DocumentSnapshot?
        for start in stride(from: 0, to: reports.count, by: Self.reportBatch) {
            let batch = Array(reports[start..<min(start + Self.reportBatch, reports.count)])
            let loaded = try await load(batch, last)
            let snapshots = batch.map { loaded[$0.url] }
            if let newest = snapshots.compactMap({ $0 }).last { last = newest.snapshot }
            let files = pages.add(snapshots)
            try SiteWriter.writePart(files, folder: folder, site: settings.directory, previous: previous)
        }
        try SiteWriter.writePart(pages.finish(), folder: folder, site: settings.directory, previous: previous)
        manifest.series[key] = pages.record(parts: folder)
        outcome.seriesBuilt += 1
    }

    /// What the current site's pages of a series were made from, its
    /// reports' by URL, its tasks' by name and its workbook's (a page that
    /// would be made from the same is not rendered): none unless the
    /// series' folder in the site is the one the current manifest names.
    /// A build that stopped after switching series links but before the
    /// site's own leaves a folder the manifest does not describe.
    func recordedInputs(
        _ key: String, of model: SeriesModel
    ) -> (reports: [String: String], tasks: [String: String], workbook: String?) {
        guard let record = current?.series[key],
            SiteWriter.seriesTarget(SiteLayout.seriesLink(model.folder), site: settings.directory)
                == record.parts
        else { return ([:], [:], nil) }
        let made = record.reports.compactMap { report in report.inputs.map { (report.url, $0) } }
        // Beside the folder's task pages (a folder written before it has none: they are rendered).
        let tasks = try? String(
            contentsOfFile: settings.directory + "/" + record.folder + "/" + SiteLayout.taskDigests, encoding: .utf8)
        return (
            Dictionary(made, uniquingKeysWith: { first, _ in first }),
            tasks.map { TaskDigests(text: $0).byName } ?? [:],
            record.workbookInputs
        )
    }

    /// Reports read from the store and rendered at a time.
    static let reportBatch = 8

    /// Renders each unit's page and CSV from the latest series it leads
    /// tasks in (at most ``unitSeriesShown``), a batch of units at a time,
    /// each reading only its own tasks from each series' folder: memory
    /// holds a batch's pages, however many series the site has.
    mutating func renderUnits(_ units: Set<String>) throws {
        var found: [UnitPageInput] = []
        var held = 0
        for spellings in unitGroups(units) {
            let series = manifest.series.values.filter { record in spellings.contains { record.units[$0] != nil } }
                .sorted { ($0.newest, $0.key) > ($1.newest, $1.key) }
            var tasks: [UnitTaskRecord] = []
            var seen: Set<String> = []
            var history: [String: [StatusPoint]] = [:]
            for record in series.prefix(Self.unitSeriesShown) {
                for spelling in spellings where record.units[spelling] != nil {
                    // A task led by two spellings of the unit is listed once.
                    tasks += try unitTasks(spelling, of: record).filter {
                        seen.insert($0.reportPage + $0.taskPage).inserted
                    }
                    if history[record.title] == nil { history[record.title] = try statusPoints(spelling, of: record) }
                }
            }
            let unit = spellings[0]
            if tasks.isEmpty {
                let page = SiteLayout.unitPage(unit)
                dropped.formUnion([page + ".html", page + ".csv"])
                continue
            }
            found.append(
                (unit, tasks, max(0, series.count - Self.unitSeriesShown), Array(spellings.dropFirst()), history))
            held += tasks.count
            if found.count >= Self.unitBatch || held >= Self.unitBatchTasks {
                try renderUnitBatch(found)
                found = []
                held = 0
            }
        }
        try renderUnitBatch(found)
    }

    /// The spellings of each unit among `units`, with every other spelling
    /// of it the site knows (one page for all), the shortest first.
    /// A spelling no report uses any more is left out (its page is the
    /// group's, rendered from the others); a group of such only is kept
    /// under them, so that its page is dropped.
    func unitGroups(_ units: Set<String>) -> [[String]] {
        let known = Dictionary(grouping: manifest.unitCounts.keys, by: SiteLayout.unitKey)
        var groups: [String: Set<String>] = [:]
        for unit in units { groups[SiteLayout.unitKey(unit), default: []].insert(unit) }
        return groups.sorted { $0.key < $1.key }.map { key, asked in
            let spellings = known[key].map(Set.init) ?? asked
            return spellings.sorted { ($0.count, $0) < ($1.count, $1) }
        }
    }

    /// What a unit's page is made from: its tasks (over every spelling),
    /// older series not shown, its other spellings, and by series title its
    /// tasks by status over the reports.
    typealias UnitPageInput = (
        unit: String, tasks: [UnitTaskRecord], earlier: Int, aliases: [String], history: [String: [StatusPoint]]
    )

    mutating func renderUnitBatch(_ found: [UnitPageInput]) throws {
        let generatedAt = displayedAt
        let rendered = found.parallelMap { unit, tasks, earlier, aliases, history in
            (
                SiteLayout.unitPage(unit),
                UnitPages.page(
                    unit, tasks: tasks, aliases: aliases, history: history, earlierSeries: earlier,
                    generatedAt: generatedAt),
                UnitPages.csv(tasks)
            )
        }
        var batch: [String: SiteFile] = [:]
        for (page, html, csv) in rendered {
            batch[page + ".html"] = .text(html)
            batch[page + ".csv"] = .bytes(csv)
        }
        try emit(batch)
        outcome.unitsBuilt += rendered.count
    }

    /// Series a unit's page shows, newest first (a unit of a site watched
    /// for years leads tasks in hundreds; the older are on their series' pages).
    static let unitSeriesShown = 12
    /// Units, and tasks over them, rendered at a time.
    static let unitBatchTasks = 4_000
    static let unitBatch = 64

    /// Writes pages into the build's tree now.
    mutating func emit(_ batch: [String: SiteFile]) throws {
        try SiteWriter.writeTreeFiles(batch, tree: tree, site: settings.directory)
        written.formUnion(batch.keys)
    }

    /// A unit's tasks in a series: from the folder this build wrote for
    /// it (under its partial name), or the current site's.
    func unitTasks(_ unit: String, of record: SeriesRecord) throws -> [UnitTaskRecord] {
        try tasks(SiteLayout.unitTasks(unit), of: record)
    }

    /// Task records kept in a series' folder (`name` within it).
    func tasks(_ name: String, of record: SeriesRecord) throws -> [UnitTaskRecord] {
        let path = folder(of: record) + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SiteWriter.Failure(description: "the site lacks \(path); build it anew (govwatch site build)")
        }
        return try JSONDecoder().decode([UnitTaskRecord].self, from: data)
    }

    /// A unit's tasks by status over the series' reports; nil when no
    /// report of the series gives a status.
    func statusPoints(_ unit: String, of record: SeriesRecord) throws -> [StatusPoint]? {
        guard let data = FileManager.default.contents(atPath: folder(of: record) + "/" + SiteLayout.unitStatus(unit))
        else { return nil }
        return try JSONDecoder().decode([StatusPoint].self, from: data)
    }

    /// Where a series' files are: the folder this build wrote for it
    /// (under its partial name), or the current site's.
    func folder(of record: SeriesRecord) -> String {
        Self.folder(of: record, written: parts, site: settings.directory)
    }

    /// ``folder(of:)``, for a closure that cannot hold the build: `written`
    /// the partial folders of the build, `site` the current site.
    static func folder(of record: SeriesRecord, written: Set<String>, site: String) -> String {
        written.contains(record.parts) ? SiteWriter.partPath(record.parts, site: site) : site + "/" + record.folder
    }

    /// Renders the months of the change log in `only` (all when nil) from
    /// `alerts`, which hold at least all of those months' alerts.
    mutating func renderMonths(_ alerts: [Alert], only: Set<String>?) throws {
        let byMonth = Dictionary(grouping: alerts) { SiteLayout.month(of: $0.detectedAt, settings.time) ?? "" }
        let seriesOfURL = manifest.seriesOfURL
        let pageOfURL = manifest.pageOfURL
        let links = ChangeLogPages.Links(
            report: { pageOfURL[$0] },
            // Looked up on disk, in the folder a series was just written to or
            // the current site's: the task names of every series rebuilt,
            // kept for this, grew with the site (10 MB for 1,000 series).
            task: { [parts, manifest, settings] url, entry in
                guard let key = seriesOfURL[url], let record = manifest.series[key] else { return nil }
                let name = SiteLayout.taskName(SiteLayout.identity(entry.task))
                let folder = Self.folder(of: record, written: parts, site: settings.directory)
                return FileManager.default.fileExists(atPath: folder + "/" + name) ? record.folder + "/" + name : nil
            }, sourceTitles: settings.sourceTitles)
        var months = Set(manifest.months)
        for (month, monthAlerts) in byMonth where !month.isEmpty && (only?.contains(month) ?? true) {
            let log = ChangeLog.build(alerts: monthAlerts, filter: .init(), generatedAt: generatedAt)
            try emit([
                SiteLayout.monthPage(month): .text(
                    ChangeLogPages.month(month, log: log, time: settings.time, links: links, generatedAt: displayedAt))
            ])
            months.insert(month)
            outcome.monthsBuilt += 1
        }
        manifest.months = months.sorted(by: >)
    }

    func writerBuild() -> SiteWriter.Build {
        SiteWriter.Build(
            tree: tree, files: files, written: written, dropped: dropped, parts: parts,
            series: Dictionary(
                manifest.series.values.map { (SiteLayout.seriesLink($0.folder), $0.parts) },
                uniquingKeysWith: { first, _ in first }))
    }
}
