import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchMonitor

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
    @Option(help: "Only this alert kind (document.changed, document.published, …); repeatable.") var kind: [String] = []
    @Option(help: "markdown, html or json.") var format: ReportFormat = .markdown

    func run() async throws {
        let reader = try StoreReader(common)
        let now = WallClock.system.now()
        var kinds: Set<Alert.Kind>?
        if !kind.isEmpty {
            kinds = []
            for name in kind {
                guard let parsed = Alert.Kind(rawValue: name) else {
                    throw ValidationError(
                        "unknown kind \(name); known: \(Alert.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kinds?.insert(parsed)
            }
        }
        let filter = ChangeLog.Filter(
            since: try since.map { try parseMoment($0, now: now) },
            until: try until.map { try parseMoment($0, now: now) },
            source: source, unit: unit, kinds: kinds
        )
        let log = ChangeLog.build(alerts: try await reader.alerts(), filter: filter, generatedAt: now)
        var unitTasks: [UnitTask]?
        if let unit { unitTasks = UnitTask.find(unit: unit, documents: try await reader.documents()) }
        switch format {
        case .markdown: emit(ChangeLogRenderer.markdown(log, unitTasks: unitTasks, unit: unit))
        case .html: emit(ChangeLogRenderer.html(log, unitTasks: unitTasks, unit: unit))
        case .json:
            struct Output: Encodable {
                var changeLog: ChangeLog
                var unitTasks: [UnitTask]?
            }
            emit(try JSONOutput.string(Output(changeLog: log, unitTasks: unitTasks)))
        }
    }
}
