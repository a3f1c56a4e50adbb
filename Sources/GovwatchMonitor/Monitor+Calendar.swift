import GovwatchConfig
public import GovwatchCore
import GovwatchFiles
public import GovwatchStore
import Logging

/// The publication calendar, checked between cycles: a series whose next
/// report is overdue raises one `series.overdue` alert.
extension Monitor {
    /// Raises `series.overdue` for each series now late (``PublicationCalendar``),
    /// once per series and missing period, and returns the alerts added.
    /// Judged only on a full view: while a source fails (or has never been
    /// read) it may hold the very report the calendar would call late, so
    /// nothing is judged. Judging reads every stored report's heading, those
    /// read with no entries too (a scan is published all the same), and was
    /// half of a warm cycle's CPU in `runOnce` (1,000 reports): it is skipped
    /// when the inputs of the last recorded judgment are this one's
    /// (``calendarInputs(today:grace:headingsVersion:)``), since the same
    /// inputs raise the same alerts, which the outbox keeps. A judgment is
    /// recorded with its alerts (one write, alerts or not), and not when a
    /// stored snapshot could not be read: the next check judges again.
    public func raiseOverdue() async throws(StoreError) -> [Alert] {
        let grace = Int(configuration.daemon.overdueAfter.components.seconds / 86400)
        guard grace > 0 else { return [] }
        let now = clock.now()
        let configured = Dictionary(
            configuration.sources.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let states = try await store.sourceStates()
        let allRead = configured.keys.allSatisfy { name in
            states[name].map { $0.lastSuccessAt != nil && $0.consecutiveFailures == 0 } ?? false
        }
        guard allRead else { return [] }
        let today = String(configuration.daemon.localTime.display(now).prefix(10))
        let marks = try await store.calendarMarks()
        guard marks.lastJudgment != calendarInputs(today: today, grace: grace, headingsVersion: marks.headingsVersion)
        else { return [] }
        let stored = try await store.calendarHeadings()
        let reports = stored.headings.compactMap { heading -> PublicationCalendar.Report? in
            guard configured[heading.source] != nil, let title = heading.title else { return nil }
            return PublicationCalendar.Report(
                title: title, publishedAt: heading.publishedAt, assignment: heading.assignment,
                source: heading.source, url: heading.url)
        }
        let alerts = PublicationCalendar.overdue(reports, today: today, graceDays: grace).map { late in
            AlertFactory(source: late.source, detectedAt: now, sourceTitle: configured[late.source]?.title)
                .overdue(late)
        }
        let added: [Alert]
        if stored.unreadable == 0 {
            let inputs = calendarInputs(today: today, grace: grace, headingsVersion: stored.version)
            added = try await store.recordCalendarJudgment(alerts, at: now, inputs: inputs)
        } else {
            logger.warning("publication calendar judged without \(stored.unreadable) unreadable stored reports")
            added = try await store.insertAlerts(alerts, at: now)
        }
        for alert in added {
            logger.notice("alert", metadata: ["kind": "\(alert.kind.rawValue)", "summary": "\(alert.summary)"])
        }
        return added
    }

    /// Everything a judgment depends on besides the code: the day, the
    /// grace, which sources are configured (a report counts only when one
    /// of them holds it; the alerts' ids do not depend on the sources'
    /// titles), and the version of the stored headings
    /// (``GovwatchStore/calendarMarks()``); and the code, as the running
    /// binary's identity, so that a new build judges again.
    func calendarInputs(today: String, grace: Int, headingsVersion: Int64) -> String {
        let sources = StableHash.hex(of: configuration.sources.map(\.name).sorted())
        return "today=\(today) grace=\(grace) headings=\(headingsVersion) sources=\(sources) "
            + "build=\(RunningBinary.identity)"
    }

    /// How often the daemon checks the calendar.
    public static let calendarInterval: Duration = .seconds(3600)
}
