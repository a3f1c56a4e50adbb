import Crypto
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
    /// (``calendarInputs(today:grace:)``), since the same inputs raise the
    /// same alerts, which are in the outbox already.
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
        // Read before the headings: a commit between the two makes the next judgment run.
        let inputs = try await calendarInputs(today: today, grace: grace)
        guard try await store.calendarJudgment() != inputs else { return [] }
        let reports = try await store.reportHeadings(includingEmpty: true).compactMap {
            heading -> PublicationCalendar.Report? in
            guard configured[heading.source] != nil, let title = heading.title else { return nil }
            return PublicationCalendar.Report(
                title: title, publishedAt: heading.publishedAt, assignment: heading.assignment,
                source: heading.source, url: heading.url)
        }
        let alerts = PublicationCalendar.overdue(reports, today: today, graceDays: grace).map { late in
            AlertFactory(source: late.source, detectedAt: now, sourceTitle: configured[late.source]?.title)
                .overdue(late)
        }
        let added = try await store.insertAlerts(alerts, at: now, calendarJudgment: inputs)
        for alert in added {
            logger.notice("alert", metadata: ["kind": "\(alert.kind.rawValue)", "summary": "\(alert.summary)"])
        }
        return added
    }

    /// Everything a judgment depends on besides the code: the day, the
    /// grace, the configured sources and their titles (which reports count,
    /// what the alerts say), and the version of the stored headings
    /// (``GovwatchStore/headingsVersion()``); and the code, as the running
    /// binary's identity, so that a new build judges again.
    func calendarInputs(today: String, grace: Int) async throws(StoreError) -> String {
        var sources = SHA256()
        for source in configuration.sources.sorted(by: { $0.name < $1.name }) {
            for field in [source.name, source.title ?? ""] {
                sources.update(data: Array("\(field.utf8.count):\(field)".utf8))
            }
        }
        let version = try await store.headingsVersion()
        return "today=\(today) grace=\(grace) headings=\(version) sources=\(sources.finalize().hexString) "
            + "build=\(RunningBinary.identity)"
    }

    /// How often the daemon checks the calendar.
    public static let calendarInterval: Duration = .seconds(3600)
}
