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
            var point: [String: StatusPoint] = [:]
            for (offset, entry) in entries.enumerated() {
                for unit in entry.leadUnits {
                    spellings.insert(Array(unit.utf8))
                    here[unit, default: []].append(entry.task)
                    point[unit, default: StatusPoint(label: label, counts: [:], total: 0)].count(
                        statuses[offset]?.state.rawValue)
                }
            }
            latestTasks.merge(here) { _, new in new }
            for (unit, counted) in point { points[unit, default: []].append(counted, keepingLast: SeriesModel.window) }
        }
        #expect(model.unitTasks.mapValues { $0.map(\.task) } == latestTasks)
        #expect(model.unitStatus == points)
        // Some statuses are read, the window is filled, and both spellings
        // of one name were led by some row.
        #expect(points.values.contains { $0.contains { !$0.counts.isEmpty } })
        #expect(points.values.contains { $0.count == SeriesModel.window })
        #expect(spellings.contains(Array("caf\u{E9}局".utf8)) && spellings.contains(Array("cafe\u{301}局".utf8)))
    }
}
