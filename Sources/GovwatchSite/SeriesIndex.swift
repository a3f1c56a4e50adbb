import GovwatchCore

/// The stored reports grouped by series (``ReportSeries``), oldest first in
/// each, and the lead units of each series' latest report with their tasks.
struct SeriesIndex {
    struct Group {
        var name: String
        var reports: [TaskHistory.Source]
    }

    struct UnitTask {
        var seriesTitle: String
        var number: String?
        var task: String
        var progress: [String]
        /// The same progress as in the previous report of the series (进展未更新).
        var unchanged: Bool
    }

    struct Unit {
        var name: String
        var tasks: [UnitTask]
    }

    let groups: [Group]
    /// Every report, in group order.
    let reports: [TaskHistory.Source]
    let units: [Unit]
    private let groupOfURL: [String: Int]

    init(_ documents: [TaskHistory.Source]) {
        var byKey: [String: [TaskHistory.Source]] = [:]
        for document in documents where !document.snapshot.entries.isEmpty {
            let key = document.snapshot.title.flatMap(ReportSeries.key(title:))?.description ?? document.url
            byKey[key, default: []].append(document)
        }
        let groups = byKey.keys.sorted(by: >).map { key in
            let reports = byKey[key]!.sorted {
                ($0.snapshot.publishedAt ?? "", $0.url) < ($1.snapshot.publishedAt ?? "", $1.url)
            }
            return Group(name: reports.last?.snapshot.title ?? key, reports: reports)
        }
        self.groups = groups
        reports = groups.flatMap(\.reports)
        var groupOfURL: [String: Int] = [:]
        for (index, group) in groups.enumerated() { for report in group.reports { groupOfURL[report.url] = index } }
        self.groupOfURL = groupOfURL
        units = Self.units(groups)
    }

    /// `reports/<hash of the URL>.html`.
    func path(of report: TaskHistory.Source) -> String { "reports/\(StableHash.hex(of: [report.url])).html" }

    static func unitPath(_ unit: String) -> String { "units/\(StableHash.hex(of: [ComparableText.fold(unit)])).html" }

    func neighbours(of report: TaskHistory.Source) -> (TaskHistory.Source?, TaskHistory.Source?) {
        guard let group = groupOfURL[report.url].map({ groups[$0] }),
            let index = group.reports.firstIndex(where: { $0.url == report.url })
        else { return (nil, nil) }
        return (
            index > 0 ? group.reports[index - 1] : nil, index + 1 < group.reports.count ? group.reports[index + 1] : nil
        )
    }

    /// Each lead unit of each series' latest report, with its tasks there
    /// and whether their progress is as in the report before.
    static func units(_ groups: [Group]) -> [Unit] {
        var tasks: [String: [UnitTask]] = [:]
        for group in groups {
            guard let latest = group.reports.last else { continue }
            let previous = group.reports.dropLast().last
            let previousProgress = Dictionary(
                (previous?.snapshot.entries ?? []).map {
                    (ComparableText.fold($0.task), $0.progress.map(ComparableText.fold))
                },
                uniquingKeysWith: { first, _ in first })
            for entry in latest.snapshot.entries {
                let before = previousProgress[ComparableText.fold(entry.task)]
                let unchanged =
                    latest.snapshot.kind == .progress && before != nil
                    && before! == entry.progress.map(ComparableText.fold)
                for unit in entry.leadUnits {
                    tasks[unit, default: []].append(
                        UnitTask(
                            seriesTitle: latest.snapshot.title ?? latest.url, number: entry.number, task: entry.task,
                            progress: entry.progress, unchanged: unchanged))
                }
            }
        }
        return tasks.keys.sorted().map { Unit(name: $0, tasks: tasks[$0]!) }
    }
}
