import GovwatchCore
import GovwatchStore

/// One series read a report at a time, oldest first: its tasks followed
/// across the reports, the edits each received after publication, and each
/// lead unit's tasks in the latest report it leads tasks in. Pure.
///
/// It holds the report being read and, per task, only its latest
/// ``window`` appearances (older ones as links), so a series of any length
/// is built in bounded memory: a series of 2,000 monthly reports needs no
/// more than one of 24.
struct SeriesModel: Sendable {
    /// Appearances a task page shows in full; older ones are listed as links.
    static let window = 24

    struct Appearance: Sendable {
        var report: Int
        var entry: ReportEntry
        /// Its typed status, read once (``EntryContent/typed`` folds every
        /// progress item: too dear to read again per page).
        var status: EntryStatus?
        /// Items not in the task's previous appearance (all, in its first).
        var added: [String]
    }

    struct Task: Sendable {
        var identity: String
        /// Its row's anchor on report pages (``SiteLayout/rowAnchor(_:)``),
        /// hashed once: every report page names every task's.
        var anchor: String
        /// The latest appearances, oldest first (at most ``window``): a
        /// slice, so that dropping the oldest moves no others (an array's
        /// `removeFirst` moved the other 23 at each report, perf). Those
        /// dropped stay in its storage until it grows, which copies only
        /// the slice: at most about a window more.
        var recent: ArraySlice<Appearance>
        /// Older appearances: the report and the task's number there.
        var earlier: [(report: Int, number: String?)] = []
        var edits: [Edit] = []
        /// Its page's path from the top of the site, made once: every unit
        /// record of the task names it.
        var page: String
        var latest: ReportEntry { recent.last!.entry }
        var count: Int { earlier.count + recent.count }
        var name: String { anchor + ".html" }
    }

    /// A row of the report read last: its task's text, identity and index
    /// in ``tasks``. A row carried over byte for byte (most, in reports
    /// pasted from the one before) is matched by its bytes, not folded and
    /// hashed again under Unicode's rules (a sixth of reading a series,
    /// perf of the site's update after a cycle): the identity is a
    /// function of the text and a task's index never changes, so the
    /// match finds what folding would.
    struct Row: Sendable {
        var task: String
        var identity: String
        var index: Int
    }

    /// A change to a task of a published report (a `document.changed` alert).
    struct Edit: Sendable {
        var report: Int
        var detectedAt: String
        var entry: ChangeLog.EntryLog
        /// Its place among the series' edits, oldest first (pages show them by it).
        var order: Int
    }

    let key: String
    /// Every report of the series, oldest first, one per URL.
    let reports: [ReportHeading]
    let folder: String
    /// Each report's name in the folder (``SiteLayout/reportName(_:)``),
    /// hashed once: every task page and unit record names reports.
    let reportNames: [String]
    /// In order of first appearance.
    private(set) var tasks: [Task] = []
    private var taskOfIdentity: [String: Int] = [:]
    /// Edits not yet attached to a task, by report position.
    private var pendingEdits: [Int: [Edit]]
    /// Edits of a report read before their task first appeared (an entry
    /// removed there that a later report lists again), by task identity.
    private var orphanEdits: [String: [Edit]] = [:]
    /// The lead units read so far, by number (``UnitSlots``).
    var units = UnitSlots()
    /// ``unitTasks`` by unit number, but for ``pendingUnitTasks``.
    var unitTasksBySlot: [Int: [UnitTaskRecord]] = [:]
    /// The report read last's tasks by lead unit, not yet made records:
    /// the next report replaces most (``settleUnitTasks(replacedBy:)``).
    /// Making a record of every row of every report of a long series, to
    /// keep only the last report's, was nearly a third of reading it
    /// (callgrind of a 1,000-report series: 1,877 → 1,306 M instructions).
    var pendingUnitTasks: PendingUnitTasks?
    /// ``unitStatus`` by unit number.
    var unitStatusBySlot: [Int: [StatusPoint]] = [:]
    /// Each lead unit's tasks in the latest report read that it leads tasks in.
    var unitTasks: [String: [UnitTaskRecord]] {
        var bySlot = unitTasksBySlot
        if let pending = pendingUnitTasks {
            for (slot, indices) in pending.tasksBySlot { bySlot[slot] = unitTasks(indices, of: pending) }
        }
        return units.byName(bySlot)
    }
    /// Each lead unit's tasks by status in each progress report it leads tasks in.
    var unitStatus: [String: [StatusPoint]] { units.byName(unitStatusBySlot) }
    /// Reports read so far.
    private(set) var read = 0
    /// Tasks of the report read last (0 for an assignment or a gone snapshot).
    private var lastEntryCount = 0
    /// The rows of the report read last (``Row``).
    private var lastRows: [Row] = []

    /// `members` in any order; `alerts` are the series' `document.changed` alerts.
    init(key: String, members: [ReportHeading], alerts: [Alert]) {
        self.key = key
        var seen: Set<String> = []
        // Two sources may watch one URL: its report is shown once.
        reports = members.filter { seen.insert($0.url).inserted }.sorted {
            ($0.publishedAt ?? "", $0.url) < ($1.publishedAt ?? "", $1.url)
        }
        folder = SiteLayout.seriesFolder(key)
        reportNames = reports.map { SiteLayout.reportName($0.url) }
        title = Self.title(reports, key: key)
        let edits = Self.edits(alerts, reports: reports).enumerated().map { order, edit in
            Edit(report: edit.0, detectedAt: edit.1, entry: edit.2, order: order)
        }
        pendingEdits = Dictionary(grouping: edits, by: \.report)
    }

    /// The series' name: the latest title that names a period, without it
    /// (`2024年市政府工作报告重点工作任务进展情况`); else the latest title.
    let title: String

    static func title(_ reports: [ReportHeading], key: String) -> String {
        for report in reports.reversed() {
            if let name = report.title.flatMap(ReportPeriod.seriesName(of:)) { return name }
        }
        return reports.last.map { $0.title ?? $0.url } ?? key
    }

    /// Reads the next report (position ``read``): `entries` empty when its
    /// snapshot is gone. Its edits are attached to its tasks. Returns how
    /// each entry moved since the report before (``Movement``), its typed
    /// status (``typedStatus(of:task:)``) and its task's index in
    /// ``tasks`` (a row listing a task twice gets its first row's), in order.
    @discardableResult
    mutating func read(_ entries: [ReportEntry], assignment: Bool) -> (
        movements: [Movement?], statuses: [EntryStatus?], tasks: [Int?]
    ) {
        let position = read
        read += 1
        // Marks compare with the report before, when it was read and had tasks.
        let compares = !assignment && position > 0 && lastEntryCount > 0
        lastEntryCount = assignment ? 0 : entries.count
        // Each lead unit's tasks here by number, in row order.
        var unitTaskIndices: [Int: [Int]] = [:]
        // Each row's lead units by number (``UnitSlots``).
        var rowUnits: [[Int]] = []
        rowUnits.reserveCapacity(entries.count)
        var movements: [Movement?] = []
        var statuses: [EntryStatus?] = []
        var indices: [Int?] = []
        var rows: [Row] = []
        rows.reserveCapacity(entries.count)
        var shift = 0
        for (offset, entry) in entries.enumerated() {
            let (identity, known) = taskOf(entry, row: offset, shift: &shift)
            let status = typedStatus(of: entry, task: known)
            statuses.append(status)
            let index = appear(entry, status: status, identity: identity, known: known, at: position)
            // A task listed twice is its first row's.
            let task = index ?? known
            indices.append(task)
            if let task { rows.append(Row(task: entry.task, identity: identity, index: task)) }
            let slots = units.slots(of: entry.leadUnits, task: task)
            rowUnits.append(slots)
            guard let index else {
                movements.append(nil)
                continue
            }
            movements.append(compares ? movement(ofTask: index, at: position) : nil)
            for slot in slots { unitTaskIndices[slot, default: []].append(index) }
        }
        lastRows = rows
        for edit in pendingEdits.removeValue(forKey: position) ?? [] {
            let identity =
                entries.first { $0.key == edit.entry.key }.map { SiteLayout.identity($0.task) }
                ?? SiteLayout.identity(edit.entry.task)
            if let index = taskOfIdentity[identity] {
                tasks[index].edits.append(edit)
            } else {
                orphanEdits[identity, default: []].append(edit)
            }
        }
        settleUnitTasks(replacedBy: unitTaskIndices)
        pendingUnitTasks = PendingUnitTasks(
            position: position, progressReport: !assignment, tasksBySlot: unitTaskIndices)
        if !assignment { recordStatus(rowUnits, statuses: statuses, at: position) }
        return (movements, statuses, indices)
    }

    /// The identity of `entry`'s task and its index in ``tasks`` (nil: a
    /// task not seen before). The row of the report before at `row` +
    /// `shift`, or up to two rows either side, is tried first (``Row``);
    /// `shift` follows the rows found, so that a row inserted or removed
    /// near the top does not make every row below it a miss.
    func taskOf(_ entry: ReportEntry, row: Int, shift: inout Int) -> (identity: String, index: Int?) {
        for delta in [0, -1, 1, -2, 2] {
            let candidate = row + shift + delta
            guard lastRows.indices.contains(candidate), Self.sameBytes(lastRows[candidate].task, entry.task)
            else { continue }
            shift = candidate - row
            return (lastRows[candidate].identity, lastRows[candidate].index)
        }
        let identity = SiteLayout.identity(entry.task)
        return (identity, taskOfIdentity[identity])
    }

    /// An entry's typed status (``EntryContent/typed``): that of its task's
    /// latest appearance when the entry's progress and columns are that
    /// appearance's byte for byte (the status is read from them alone), so
    /// that a task carried over is not folded and read again; most of a
    /// long series' entries are (perf: a tenth of rebuilding one). `index`:
    /// the entry's task in ``tasks``, nil when it is new.
    func typedStatus(of entry: ReportEntry, task index: Int?) -> EntryStatus? {
        if let index, let latest = tasks[index].recent.last, Self.sameStatusInputs(entry, latest.entry) {
            return latest.status
        }
        return entry.content.typed.status
    }

    /// How a task of a report moved since the report before it in the series.
    enum Movement: Sendable, Equatable {
        /// Not in the report before (新列入).
        case listed
        /// Items the report before lacks (新进展): those items.
        case moved(added: [String])
        /// No item the report before lacks (进展未更新).
        case unchanged
    }

    /// The movement of the task at `index` in ``tasks`` into the report at
    /// `position`, its latest appearance.
    func movement(ofTask index: Int, at position: Int) -> Movement {
        let recent = tasks[index].recent
        guard let previous = recent.dropLast().last, previous.report == position - 1 else { return .listed }
        // New progress is an item the report before lacks; one dropped (or
        // an edit made to the report before after publication) is none.
        let added = recent.last!.added
        return added.isEmpty ? .unchanged : .moved(added: added)
    }

    /// Adds an appearance of a task (`known`: its index in ``tasks``, nil
    /// for a task not seen before); nil when the task is listed twice in
    /// one report (its first row is kept).
    private mutating func appear(
        _ entry: ReportEntry, status: EntryStatus?, identity: String, known: Int?, at position: Int
    ) -> Int? {
        guard let index = known else {
            taskOfIdentity[identity] = tasks.count
            let anchor = SiteLayout.rowAnchor(identity)
            var task = Task(
                identity: identity, anchor: anchor,
                recent: [Appearance(report: position, entry: entry, status: status, added: entry.progress)][...],
                page: folder + "/" + anchor + ".html")
            task.edits = orphanEdits.removeValue(forKey: identity) ?? []
            tasks.append(task)
            return tasks.count - 1
        }
        guard tasks[index].recent.last?.report != position else { return nil }
        let added = Self.added(entry.progress, since: tasks[index].latest.progress)
        tasks[index].recent.append(Appearance(report: position, entry: entry, status: status, added: added))
        if tasks[index].recent.count > Self.window {
            let oldest = tasks[index].recent.removeFirst()
            tasks[index].earlier.append((oldest.report, oldest.entry.number))
        }
        return index
    }

    func task(of entry: ReportEntry) -> Task? { taskOfIdentity[SiteLayout.identity(entry.task)].map { tasks[$0] } }

    /// The edits of the task at `index` in ``tasks`` made to the report at `position`.
    func editCount(ofTask index: Int, at position: Int) -> Int { tasks[index].edits.count { $0.report == position } }

    /// `series/<hash>/<hash of the URL>` (add `.html` or `.csv`).
    func reportPath(_ position: Int) -> String { folder + "/" + reportNames[position] }
}
