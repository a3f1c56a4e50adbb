import GovwatchCore
import GovwatchStore
import Testing

@testable import GovwatchPublish

/// A series' model reads each entry's status once, and takes a carried-over
/// entry's from its task's latest appearance; every status must be the one
/// reading the entry itself gives (``EntryContent/typed``).
@Suite("Statuses of carried-over entries")
struct CarriedStatusTests {
    @Test func everyStatusIsTheEntrysOwn() {
        var generated = GeneratedSeries(seed: 26)
        func pick(_ bound: Int) -> Int { generated.pick(bound) }
        let items = [
            "已完成。", "进度滞后。", "正在推进", "按序时推进。", "未启动", "一期：已完成", "caf\u{E9}已完成。", "cafe\u{301}已完成。",
        ]
        let columns: [[String: String]] = [
            [:], [:], ["完成状态": "滞后"], ["完成状态": "序时推进"], ["备注": "无"], ["是否滞后": "是"],
        ]
        let reports = GeneratedSeries.headings(30, entryCount: 12)
        var model = SeriesModel(key: "k", members: reports, alerts: [])
        var previous: [ReportEntry] = []
        var carried = 0
        for _ in reports {
            let entries = (0..<12).map { row -> ReportEntry in
                // Most rows carried over from the report before, as reports pasted from the last one are.
                if row < previous.count, pick(3) > 0 {
                    carried += 1
                    return previous[row]
                }
                return ReportEntry(
                    key: "\(row)", number: "\(row)", section: nil, task: "任务\(pick(8))。", leadUnits: ["市建设局"],
                    progress: (0..<pick(3)).map { _ in items[pick(items.count)] }, extras: columns[pick(columns.count)])
            }
            let read = model.read(entries, assignment: false)
            #expect(read.statuses == entries.map(\.content.typed.status))
            previous = entries
        }
        #expect(carried > 150)
    }
}
