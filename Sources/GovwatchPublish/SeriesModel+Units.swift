import GovwatchCore
import GovwatchStore

extension SeriesModel {
    /// Adds each lead unit's point for the report at `position` (its last
    /// ``window`` reports are kept). `rowUnits`: each row's lead units by number.
    mutating func recordStatus(_ rowUnits: [[Int]], statuses: [EntryStatus?], at position: Int) {
        let report = reports[position]
        let label = report.title.flatMap(ReportPeriod.period(in:)) ?? String((report.publishedAt ?? "").prefix(10))
        var points = [StatusPoint?](repeating: nil, count: units.names.count)
        var present: [Int] = []
        let empty = StatusPoint(label: label, counts: [:], total: 0)
        for (offset, slots) in rowUnits.enumerated() {
            let state = offset < statuses.count ? statuses[offset]?.state.rawValue : nil
            for slot in slots {
                if points[slot] == nil {
                    points[slot] = empty
                    present.append(slot)
                }
                points[slot]!.count(state)
            }
        }
        for slot in present {
            unitStatusBySlot[slot, default: []].append(points[slot]!, keepingLast: Self.window)
        }
    }

    /// The series' lead units, numbered in order of first appearance, so
    /// that a report's bookkeeping per unit (its tasks, its status counts)
    /// indexes arrays by number instead of hashing each row's unit names
    /// under Unicode's rules, once per row and twice per report (perf of
    /// the site after a cycle: a fifth of reading a series).
    ///
    /// A row whose units are its task's last row's byte for byte (most, in
    /// reports pasted from the one before) takes that row's numbers
    /// without hashing; others are looked up by name (`==`, as a
    /// dictionary keyed by the names would), so numbering never depends
    /// on which way a row was matched.
    struct UnitSlots: Sendable {
        /// Each unit's name by number: the spelling first read.
        private(set) var names: [String] = []
        private var slotOfName: [String: Int] = [:]
        /// Per task (its index in ``SeriesModel/tasks``): the lead units of
        /// its last row read and their numbers.
        private var lastOfTask: [(units: [String], slots: [Int])?] = []

        /// The numbers of `units`, a row of the task at `task` (in order,
        /// one per name, as listed; nil: a row of no task, not kept).
        mutating func slots(of units: [String], task: Int?) -> [Int] {
            guard !units.isEmpty else { return [] }
            if let task, task < lastOfTask.count, let last = lastOfTask[task], SameBytes.texts(last.units, units) {
                return last.slots
            }
            let slots = units.map { slot($0) }
            guard let task else { return slots }
            if task >= lastOfTask.count { lastOfTask += Array(repeating: nil, count: task + 1 - lastOfTask.count) }
            lastOfTask[task] = (units, slots)
            return slots
        }

        private mutating func slot(_ name: String) -> Int {
            if let known = slotOfName[name] { return known }
            names.append(name)
            slotOfName[name] = names.count - 1
            return names.count - 1
        }

        /// `values` by number as a dictionary by name.
        func byName<Value>(_ values: [Int: Value]) -> [String: Value] {
            Dictionary(uniqueKeysWithValues: values.map { (names[$0.key], $0.value) })
        }
    }
}
