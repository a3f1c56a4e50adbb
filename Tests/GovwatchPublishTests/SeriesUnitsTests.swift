import GovwatchCore
import GovwatchStore
import Testing

@testable import GovwatchPublish

/// A series' model numbers lead units (``SeriesModel/UnitSlots``) and
/// reuses a task's numbers when its row names the units of its last row
/// byte for byte: each unit's tasks and status counts must be what the
/// reports say, by name, whatever a task's units did between reports.
@Suite("Lead units followed by number")
struct SeriesUnitsTests {
    @Test func eachUnitsTasksAndCountsAreWhatTheReportsSay() {
        var generated = GeneratedSeries(seed: 11)
        func pick(_ bound: Int) -> Int { generated.pick(bound) }
        // Two are one name under Unicode's rules in other bytes (as a
        // dictionary by name counts them); two differ in one character.
        let names = ["市发改委", "市建设局", "市财政局", "caf\u{E9}局", "cafe\u{301}局", "市教育局", "市教育厅"]
        let tasks = (0..<10).map { "重点任务\($0)。" }
        let progress = ["已完成。", "正在推进。", "进展滞后。", "尚未开工。"]
        let reports = GeneratedSeries.headings(30, entryCount: tasks.count)
        var model = SeriesModel(key: "k", members: reports, alerts: [])
        var units = tasks.map { _ in [names[pick(names.count)]] }
        var latestTasks: [String: [String]] = [:]
        // Each unit's tasks in the last report it leads tasks in, as its
        // page shows them: that report's progress, title and page, what is
        // new there (nothing in a task's first report) and 进展未更新.
        var latestRecords: [String: [Shown]] = [:]
        var progressBefore: [String: String] = [:]
        var points: [String: [StatusPoint]] = [:]
        var spellings: Set<[UInt8]> = []
        for report in reports {
            for index in units.indices {
                // Units kept, replaced, added, reordered, doubled or dropped.
                switch pick(7) {
                case 0: units[index] = [names[pick(names.count)]]
                case 1: units[index].append(names[pick(names.count)])
                case 2: units[index].reverse()
                case 3: units[index] = units[index] + units[index]
                case 4: units[index] = []
                default: break
                }
            }
            let entries = tasks.indices.map { index in
                ReportEntry(
                    key: "\(index)", number: "\(index + 1)", section: nil, task: tasks[index],
                    leadUnits: units[index], progress: [progress[pick(progress.count)]], extras: [:])
            }
            let statuses = model.read(entries, assignment: false).statuses
            // What the reports say, by name: each unit's tasks here, and a point.
            let label = report.title.flatMap(ReportPeriod.period(in:)) ?? ""
            var here: [String: [String]] = [:]
            var shown: [String: [Shown]] = [:]
            var point: [String: StatusPoint] = [:]
            for (offset, entry) in entries.enumerated() {
                for unit in entry.leadUnits {
                    spellings.insert(Array(unit.utf8))
                    here[unit, default: []].append(entry.task)
                    let before = progressBefore[entry.task]
                    let added = before == nil || before == entry.progress[0] ? [] : entry.progress
                    shown[unit, default: []].append(
                        Shown(
                            task: entry.task, report: report.title!, progress: entry.progress, added: added,
                            unchanged: before != nil && added.isEmpty))
                    point[unit, default: StatusPoint(label: label, counts: [:], total: 0)].count(
                        statuses[offset]?.state.rawValue)
                }
            }
            latestTasks.merge(here) { _, new in new }
            latestRecords.merge(shown) { _, new in new }
            for entry in entries { progressBefore[entry.task] = entry.progress[0] }
            for (unit, counted) in point { points[unit, default: []].append(counted, keepingLast: SeriesModel.window) }
        }
        #expect(model.unitTasks.mapValues { $0.map(\.task) } == latestTasks)
        #expect(model.unitTasks.mapValues { $0.map(Shown.init) } == latestRecords)
        // Some unit's last report is not the series' last, and some task is new nowhere but its first.
        #expect(latestRecords.values.contains { $0[0].report != reports.last!.title })
        #expect(latestRecords.values.contains { $0.contains { $0.unchanged } })
        #expect(latestRecords.values.contains { $0.contains { !$0.added.isEmpty } })
        #expect(model.unitStatus == points)
        // Some statuses are read, the window is filled, and both spellings
        // of one name were led by some row.
        #expect(points.values.contains { $0.contains { !$0.counts.isEmpty } })
        #expect(points.values.contains { $0.count == SeriesModel.window })
        #expect(spellings.contains(Array("caf\u{E9}局".utf8)) && spellings.contains(Array("cafe\u{301}局".utf8)))
    }

    /// A unit that leads a task in its first report only keeps that
    /// report's record of it, made after the next report was read: nothing
    /// new (a task's first report marks none), that report's progress.
    @Test func aUnitsLastReportBeforeTheSeriesLastKeepsItsOwnRecord() {
        let reports = GeneratedSeries.headings(2, entryCount: 1)
        var model = SeriesModel(key: "k", members: reports, alerts: [])
        for (lead, progress) in [("市发改委", "已开工。"), ("市建设局", "已完工。")] {
            model.read(
                [
                    ReportEntry(
                        key: "1", number: "1", section: nil, task: "建设新城。", leadUnits: [lead],
                        progress: [progress], extras: [:])
                ], assignment: false)
        }
        let first = model.unitTasks["市发改委"].map { $0.map(Shown.init) }
        #expect(
            first == [Shown(task: "建设新城。", report: reports[0].title!, progress: ["已开工。"], added: [], unchanged: false)])
        let second = model.unitTasks["市建设局"].map { $0.map(Shown.init) }
        #expect(
            second == [
                Shown(task: "建设新城。", report: reports[1].title!, progress: ["已完工。"], added: ["已完工。"], unchanged: false)
            ])
    }

    /// A gone snapshot replaces no unit's tasks, an assignment's tasks are
    /// never 进展未更新, and a task's second row in one report is not its
    /// appearance there: its units keep what they led before.
    @Test func goneReportsAssignmentsAndDoubledRowsKeepWhatTheyShould() {
        let reports = GeneratedSeries.headings(5, entryCount: 2)
        var model = SeriesModel(key: "k", members: reports, alerts: [])
        func row(_ task: String, _ lead: String, _ progress: String) -> ReportEntry {
            ReportEntry(
                key: task, number: nil, section: nil, task: task, leadUnits: [lead], progress: [progress],
                extras: [:])
        }
        let (first, second) = ("建设新城。", "修缮古桥。")
        model.read([row(first, "甲局", "已开工。"), row(second, "乙局", "已开工。")], assignment: false)
        model.read([], assignment: false)
        model.read([row(first, "甲局", "已完工。")], assignment: true)
        model.read(
            [row(first, "丙局", "已完工。"), row(second, "乙局", "已开工。"), row(first, "甲局", "又开工。")],
            assignment: false)
        model.read([row(first, "丙局", "已完工。")], assignment: false)
        let shown = model.unitTasks.mapValues { $0.map(Shown.init) }
        #expect(
            shown == [
                "甲局": [
                    Shown(task: first, report: reports[2].title!, progress: ["已完工。"], added: ["已完工。"], unchanged: false)
                ],
                "乙局": [Shown(task: second, report: reports[3].title!, progress: ["已开工。"], added: [], unchanged: false)],
                "丙局": [Shown(task: first, report: reports[4].title!, progress: ["已完工。"], added: [], unchanged: true)],
            ])
    }
}

/// What a unit's page shows of a task (``UnitTaskRecord``), as the test
/// works it out from the reports.
private struct Shown: Equatable {
    var task: String
    var report: String
    var progress: [String]
    var added: [String]
    var unchanged: Bool
}

extension Shown {
    init(_ record: UnitTaskRecord) {
        self.init(
            task: record.task, report: record.reportTitle, progress: record.progress, added: record.added,
            unchanged: record.unchanged)
    }
}
