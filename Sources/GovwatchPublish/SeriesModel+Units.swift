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

    /// A report's tasks by lead unit (``pendingUnitTasks``).
    struct PendingUnitTasks: Sendable {
        var position: Int
        var progressReport: Bool
        /// Task indices in ``tasks`` by unit number, in row order.
        var tasksBySlot: [Int: [Int]]
    }

    /// Makes records of the tasks of the units the report read before led
    /// and the one just read (`replacing`, its tasks by unit number) does
    /// not: those stay the units' latest.
    mutating func settleUnitTasks(replacedBy replacing: [Int: [Int]]) {
        guard let pending = pendingUnitTasks else { return }
        for (slot, indices) in pending.tasksBySlot where replacing[slot] == nil {
            unitTasksBySlot[slot] = unitTasks(indices, of: pending)
        }
    }

    /// The records of `indices` (tasks in ``tasks``) as the pending report gives them.
    func unitTasks(_ indices: [Int], of pending: PendingUnitTasks) -> [UnitTaskRecord] {
        let page = reportPath(pending.position) + ".html"
        return indices.map {
            unitTask(tasks[$0], in: pending.position, progressReport: pending.progressReport, page: page)
        }
    }

    /// A task as a unit's page shows it, from its appearance in the report
    /// at `position` (its latest, or the one before it when the report
    /// after was read since): what is new there and whether progress is
    /// as in the report before (进展未更新).
    /// `page`: the report's page (``reportPath(_:)`` and `.html`), when made already.
    func unitTask(_ task: Task, in position: Int, progressReport: Bool, page: String? = nil) -> UnitTaskRecord {
        let report = reports[position]
        let recent = task.recent
        // One report read since adds at most one appearance, and dropping
        // the oldest past ``window`` (24) keeps the one before this.
        let at = recent.indices.last { recent[$0].report == position } ?? recent.indices.last!
        let appearance = recent[at]
        let previous = at > recent.startIndex ? recent[at - 1] : nil
        // The task's appearances up to this one.
        let count = task.count - (recent.endIndex - 1 - at)
        // As the report page marks it (``movement(ofTask:at:)``): no item new.
        let unchanged = progressReport && previous?.report == position - 1 && appearance.added.isEmpty
        return UnitTaskRecord(
            seriesTitle: title, reportTitle: report.title ?? report.url,
            reportPage: page ?? reportPath(position) + ".html", taskPage: task.page,
            number: appearance.entry.number, task: appearance.entry.task, progress: appearance.entry.progress,
            added: count == 1 ? [] : appearance.added, unchanged: unchanged,
            newest: report.publishedAt ?? "", status: appearance.status)
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
