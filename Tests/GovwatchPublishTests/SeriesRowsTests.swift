import GovwatchCore
import GovwatchStore
import Testing

@testable import GovwatchPublish

/// A series' model matches a row carried over from the report before by its
/// bytes (``SeriesModel/Row``) instead of folding its task again: every row
/// must land on the task folding its text would find, whatever moved.
@Suite("Rows carried over find their task")
struct SeriesRowsTests {
    @Test func everyRowIsTheTaskItsFoldedTextNames() {
        var generated = GeneratedSeries(seed: 7)
        func pick(_ bound: Int) -> Int { generated.pick(bound) }
        // Some fold alike (widths, spaces), two are one text under Unicode's
        // rules in other bytes (é and e + U+0301), some differ in a
        // character but not in length.
        let tasks = [
            "推进海岛公园建设。", "推进海岛公园建设.", "推进 海岛公园建设。", "建设未来社区5个。", "建设未来社区５个。",
            "caf\u{E9}改造。", "cafe\u{301}改造。", "新建学校3所。", "完成道路提升（一期）。", "完成道路提升(一期)。",
            "治理河道12条。", "治理河道13条。", "新建学校4所。", "引进人才1000名。",
        ]
        let reports = GeneratedSeries.headings(40, entryCount: 8)
        var model = SeriesModel(key: "k", members: reports, alerts: [])
        // What folding finds: a task per folded text (compared as strings).
        var expected: [String: Int] = [:]
        var rows = (0..<8).map { _ in tasks[pick(tasks.count)] }
        for _ in reports {
            // Rows inserted, removed, swapped, replaced, listed twice.
            switch pick(6) {
            case 0: rows.insert(tasks[pick(tasks.count)], at: pick(rows.count + 1))
            case 1 where rows.count > 1: rows.remove(at: pick(rows.count))
            case 2: rows.swapAt(pick(rows.count), pick(rows.count))
            case 3: rows[pick(rows.count)] = tasks[pick(tasks.count)]
            case 4: rows.insert(rows[pick(rows.count)], at: pick(rows.count + 1))
            default: break
            }
            let entries = rows.enumerated().map { offset, task in
                ReportEntry(
                    key: "\(offset)", number: "\(offset + 1)", section: nil, task: task, leadUnits: ["市建设局"],
                    progress: ["已完成\(pick(3))个。"], extras: [:])
            }
            for task in rows where expected[ComparableText.fold(task)] == nil {
                expected[ComparableText.fold(task)] = expected.count
            }
            let read = model.read(entries, assignment: false)
            #expect(read.tasks == rows.map { expected[ComparableText.fold($0)] })
        }
        #expect(model.tasks.count == expected.count)
        #expect(model.tasks.allSatisfy { expected[$0.identity] != nil })
    }
}
