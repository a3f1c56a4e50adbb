import GovwatchCore
import GovwatchStore

extension SeriesPages {
    /// The digest of what the page and CSV of the report at `position` are
    /// made from (``PageInputs``), as ``reportPage(_:entries:statuses:movements:tasks:attachments:)``
    /// and ``SiteCSV/report(_:)`` read it: the local time's offset, the
    /// series' title, the report and its neighbours (their links), the
    /// snapshot (nil: gone), and for each row its movement, its task's
    /// anchor and the edits shown on it. Statuses and tallies follow from
    /// these. The time the page is made at is not an input: a kept page
    /// keeps its own (as a linked one does).
    ///
    /// The snapshot's kind, entries and attached files are hashed as the
    /// bytes it is stored as (``StoredSnapshot``), a few kilobytes, which
    /// always read as the same snapshot: gathering every field of every
    /// entry was a fifth of the time of a long series' update (perf).
    func reportInputs(
        _ position: Int, report stored: StoredSnapshot?, movements: [SeriesModel.Movement?], tasks: [Int?]
    ) -> String {
        var inputs = PageInputs()
        inputs.add(time.offsetSeconds)
        inputs.add(model.title)
        for neighbour in position - 1...position + 1 {
            let listed = model.reports.indices.contains(neighbour)
            inputs.add(listed)
            guard listed else { continue }
            add(report: neighbour, to: &inputs)
            inputs.add(model.reports[neighbour].assignment)
        }
        inputs.add(stored != nil)
        if let stored { inputs.add(stored.stored) }
        let entries = stored?.snapshot.entries ?? []
        inputs.add(entries.count)
        for index in entries.indices {
            switch index < movements.count ? movements[index] : nil {
            case nil: inputs.add(0)
            case .listed: inputs.add(1)
            case let .moved(added):
                inputs.add(2)
                inputs.add(added)
            case .unchanged: inputs.add(3)
            }
            // By index: a copy of the task per row was a hundredth of an update (perf).
            let task = index < tasks.count ? tasks[index] : nil
            inputs.add(task.map { model.tasks[$0].anchor })
            inputs.add(task.map { model.editCount(ofTask: $0, at: position) } ?? 0)
        }
        return inputs.digest
    }

    /// The digest of what the page of `task` is made from, as
    /// ``taskPage(_:links:)`` reads it: the local time's offset, the
    /// series' title, the task's latest text and lead units, how many
    /// reports list it, each recent appearance (its report's link, title
    /// and date, and the row as shown, new items marked), the edits made
    /// to it (their entries whole), and the older reports as links
    /// (`links`: ``digest(_:)`` of the series' ``reportLinks()``, with
    /// each older report's position and the task's number there). As
    /// for reports, the time a page is made at is not an input: a kept
    /// page keeps its own footer.
    func taskInputs(_ task: SeriesModel.Task, links: String) -> String {
        var inputs = PageInputs()
        inputs.add(time.offsetSeconds)
        inputs.add(model.title)
        inputs.add(task.latest.task)
        inputs.add(task.latest.leadUnits)
        inputs.add(task.count)
        inputs.add(task.earlier.isEmpty)
        inputs.add(task.recent.count)
        for appearance in task.recent {
            add(report: appearance.report, to: &inputs)
            let entry = appearance.entry
            inputs.add(entry.number)
            inputs.add(entry.leadUnits)
            inputs.add(entry.supportingUnits)
            inputs.add(entry.progress)
            inputs.add(appearance.added)
        }
        inputs.add(task.edits.count)
        for edit in task.edits.sorted(by: { $0.order > $1.order }) {
            inputs.add(edit.detectedAt)
            add(report: edit.report, to: &inputs)
            inputs.add(SiteJSON.string(edit.entry))
        }
        inputs.add(links)
        inputs.add(task.earlier.count)
        for (report, number) in task.earlier {
            inputs.add(report)
            inputs.add(number)
        }
        return inputs.digest
    }

    /// The report at `position` as pages name it: its page, title (or
    /// URL) and publication time.
    private func add(report position: Int, to inputs: inout PageInputs) {
        let report = model.reports[position]
        inputs.add(model.reportNames[position])
        inputs.add(report.url)
        inputs.add(report.title)
        inputs.add(report.publishedAt)
    }

    /// The digest of the series' report links as task pages list older
    /// reports (``reportLinks()``): hashed once, not for every task.
    static func digest(_ links: [(link: String, year: String?)]) -> String {
        var inputs = PageInputs()
        inputs.add(links.count)
        for (link, year) in links {
            inputs.add(link)
            inputs.add(year)
        }
        return inputs.digest
    }
}
