import GovwatchConfig
public import GovwatchCore
public import GovwatchStore
import Logging

/// The publication calendar, checked between cycles: a series whose next
/// report is overdue raises one `series.overdue` alert.
extension Monitor {
    /// Raises `series.overdue` for each series now late (``PublicationCalendar``),
    /// once per series and missing period, and returns the alerts added.
    /// Judged only on a full view: while a source fails (or has never been
    /// read) it may hold the very report the calendar would call late, so
    /// nothing is judged. Reads every stored report's heading, those read
    /// with no entries too (a scan is published all the same): run it now
    /// and then (``calendarInterval``), not per cycle.
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
        let reports = try await store.reportHeadings(includingEmpty: true).compactMap {
            heading -> PublicationCalendar.Report? in
            guard configured[heading.source] != nil, let title = heading.title else { return nil }
            return PublicationCalendar.Report(
                title: title, publishedAt: heading.publishedAt, assignment: heading.assignment,
                source: heading.source, url: heading.url)
        }
        let today = String(configuration.daemon.localTime.display(now).prefix(10))
        let alerts = PublicationCalendar.overdue(reports, today: today, graceDays: grace).map { late in
            AlertFactory(source: late.source, detectedAt: now, sourceTitle: configured[late.source]?.title)
                .overdue(late)
        }
        guard !alerts.isEmpty else { return [] }
        let added = try await store.insertAlerts(alerts, at: now)
        for alert in added {
            logger.notice("alert", metadata: ["kind": "\(alert.kind.rawValue)", "summary": "\(alert.summary)"])
        }
        return added
    }

    /// How often the daemon checks the calendar.
    public static let calendarInterval: Duration = .seconds(3600)
}
