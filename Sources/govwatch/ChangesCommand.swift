import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchFiles
import GovwatchMonitor
import GovwatchPublish

/// `govwatch changes`: the change log, newest first, grouped by document and entry.
struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Print the change log: per report and task, what changed, with the changed characters marked."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Only changes detected since: a date (2026-11-01), a time, or a duration back (7d).") var since:
        String?
    @Option(help: "Only changes detected until this date or time.") var until: String?
    @Option(help: "Only this source.") var source: String?
    @Option(help: "Only tasks led by this unit (牵头单位); also lists its tasks with their latest progress.") var unit:
        String?
    @Flag(help: "With --unit: also tasks the unit supports (配合单位), not only those it leads.") var supporting = false
    @Option(help: "Only this alert kind (document.changed, document.published, …); repeatable.") var kind: [String] = []
    @Option(help: "markdown, html or json.") var format: ReportFormat = .markdown

    /// Checked before anything is opened, so a mistake shows this
    /// command's usage: an unknown kind, or a range that ends before it starts.
    func validate() throws {
        _ = try kinds()
        let now = WallClock.system.now()
        if let since, let until, try parseMoment(since, now: now) > parseMoment(until, now: now) {
            throw ValidationError("--since \(since) is after --until \(until): no moment is in that range")
        }
    }

    func kinds() throws -> Set<Alert.Kind>? {
        guard !kind.isEmpty else { return nil }
        var kinds: Set<Alert.Kind> = []
        for name in kind {
            guard let parsed = Alert.Kind(rawValue: name) else {
                throw ValidationError(
                    "unknown kind \(name); known: \(Alert.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kinds.insert(parsed)
        }
        return kinds
    }

    func run() async throws {
        let reader = try StoreReader(common)
        let now = WallClock.system.now()
        let filter = ChangeLog.Filter(
            since: try since.map { try parseMoment($0, now: now) },
            until: try until.map { try parseMoment($0, now: now) },
            source: source, unit: unit, includesSupporting: supporting, kinds: try kinds()
        )
        // With --since only that part of the outbox is decoded (1.5 s and 130 MB at 100,000 documents otherwise).
        let alerts: [Alert]
        if let since = filter.since {
            alerts = try await reader.alerts(since: since)
        } else {
            alerts = try await reader.alerts()
        }
        let log = ChangeLog.build(alerts: alerts, filter: filter, generatedAt: now)
        let time = reader.configuration.daemon.localTime
        var unitTasks: [UnitTask]?
        if let unit {
            let documents = try await reader.documents()
            unitTasks = UnitTask.find(unit: unit, includesSupporting: supporting, documents: documents)
        }
        for note in notes(log, unitTasks: unitTasks, configuration: reader.configuration) {
            FileHandle.standardError.write(Data("govwatch: \(note)\n".utf8))
        }
        let titles = Dictionary(
            reader.configuration.sources.compactMap { source in source.title.map { (source.name, $0) } },
            uniquingKeysWith: { first, _ in first })
        switch format {
        case .markdown:
            emit(ChangeLogRenderer.markdown(log, unitTasks: unitTasks, unit: unit, time: time, sourceTitles: titles))
        case .html:
            emit(ChangeLogPages.html(log, unitTasks: unitTasks, unit: unit, time: time, sourceTitles: titles))
        case .json:
            struct Output: Encodable {
                var changeLog: ChangeLog
                var unitTasks: [UnitTask]?
            }
            emit(try JSONOutput.string(Output(changeLog: log, unitTasks: unitTasks)))
        }
    }

    /// Why the output may be empty: a filter that matches nothing is a
    /// hint on stderr (exit 0: no records is an answer), not silence.
    func notes(_ log: ChangeLog, unitTasks: [UnitTask]?, configuration: GovwatchConfiguration) -> [String] {
        var notes: [String] = []
        if let source, !configuration.sources.contains(where: { $0.name == source }) {
            let known = configuration.sources.map(\.name).joined(separator: ", ")
            notes.append("no source named \(source) in \(configuration.file) (known: \(known))")
        }
        if let unit, unitTasks?.isEmpty ?? true {
            let role = supporting ? "a lead or supporting unit" : "a lead unit"
            notes.append("no task has \(role) whose name contains \"\(unit)\"")
        }
        if log.documents.isEmpty && notes.isEmpty { notes.append("no changes match") }
        return notes
    }
}
