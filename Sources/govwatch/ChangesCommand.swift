import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchStore

/// Output formats for reviewers.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case markdown, html, json }

/// Reads what the daemon recorded: alerts (decoded) and document snapshots.
struct StoreReader {
    let configuration: GovwatchConfiguration
    let store: GovwatchStore

    init(_ common: CommonOptions) throws {
        configuration = try common.loadConfiguration()
        guard FileManager.default.fileExists(atPath: configuration.databasePath) else {
            FileHandle.standardError.write(Data("govwatch: no store at \(configuration.databasePath) yet (run govwatch once or the daemon first)\n".utf8))
            throw ExitCode(66)
        }
        do { store = try GovwatchStore(path: configuration.databasePath) } catch {
            FileHandle.standardError.write(Data("govwatch: \(error.description)\n".utf8))
            throw ExitCode(74)
        }
    }

    func alerts() async throws -> [Alert] {
        try await store.alerts().compactMap { try? JSONDecoder().decode(Alert.self, from: Data($0.payload)) }
    }

    func documents() async throws -> [TaskHistory.Source] {
        try await store.allDocuments().compactMap { document in
            document.snapshot.map { TaskHistory.Source(url: document.url, snapshot: $0) }
        }
    }
}

/// Parses `--since`/`--until`: a date (`2026-11-01`), an RFC 3339 time, or a
/// duration back from now (`7d`, `12h`).
func parseMoment(_ text: String, now: Timestamp) throws -> Timestamp {
    if let moment = Timestamp(rfc3339: text) { return moment }
    do { return Timestamp(epochSeconds: now.epochSeconds - (try DurationText.parse(text)).seconds) } catch {
        throw ValidationError("\"\(text)\" is neither a date (2026-11-01) nor a duration (7d)")
    }
}

func emit(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

/// `govwatch changes`: the change log, newest first, grouped by document and entry.
struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Print the change log: per report and task, what changed, with the changed characters marked."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Only changes detected since: a date (2026-11-01), a time, or a duration back (7d).") var since: String?
    @Option(help: "Only changes detected until this date or time.") var until: String?
    @Option(help: "Only this source.") var source: String?
    @Option(help: "Only tasks led by this unit (牵头单位); also lists its tasks with their latest progress.") var unit: String?
    @Option(help: "Only this alert kind (document.changed, document.published, …); repeatable.") var kind: [String] = []
    @Option(help: "markdown, html or json.") var format: ReportFormat = .markdown

    func run() async throws {
        let reader = try StoreReader(common)
        let now = WallClockNow.now()
        var kinds: Set<Alert.Kind>?
        if !kind.isEmpty {
            kinds = []
            for name in kind {
                guard let parsed = Alert.Kind(rawValue: name) else {
                    throw ValidationError("unknown kind \(name); known: \(Alert.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kinds?.insert(parsed)
            }
        }
        let filter = ChangeLog.Filter(
            since: try since.map { try parseMoment($0, now: now) }, until: try until.map { try parseMoment($0, now: now) },
            source: source, unit: unit, kinds: kinds
        )
        let log = ChangeLog.build(alerts: try await reader.alerts(), filter: filter, generatedAt: now)
        var unitTasks: [UnitTask]?
        if let unit { unitTasks = UnitTask.find(unit: unit, documents: try await reader.documents()) }
        switch format {
        case .markdown: emit(ChangeLogRenderer.markdown(log, unitTasks: unitTasks, unit: unit))
        case .html: emit(ChangeLogRenderer.html(log, unitTasks: unitTasks, unit: unit))
        case .json:
            struct Output: Encodable { var changeLog: ChangeLog; var unitTasks: [UnitTask]? }
            emit(try JSONOutput.string(Output(changeLog: log, unitTasks: unitTasks)))
        }
    }
}

/// `govwatch history`: one task across the reports of its series.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Follow one task's progress across the reports of its series, oldest first.",
        discussion: "Name the task by its key (from alerts or govwatch extract), or by a report URL and its 序号."
    )

    @OptionGroup var common: CommonOptions
    @Argument(help: "A task key, or a report URL followed by the task's number.") var task: [String]
    @Option(help: "markdown, html or json.") var format: ReportFormat = .markdown

    func run() async throws {
        let reader = try StoreReader(common)
        let documents = try await reader.documents()
        let history: TaskHistory?
        switch task.count {
        case 1: history = TaskHistory.build(key: task[0], url: nil, number: nil, documents: documents)
        case 2: history = TaskHistory.build(key: nil, url: task[0], number: task[1], documents: documents)
        default: throw ValidationError("give a task key, or a report URL and a number")
        }
        guard let history else {
            FileHandle.standardError.write(Data("govwatch: no task \(task.joined(separator: " ")) in the store\n".utf8))
            throw ExitCode(65)
        }
        switch format {
        case .markdown: emit(ChangeLogRenderer.markdown(history))
        case .html: emit(ChangeLogRenderer.html(history))
        case .json: emit(try JSONOutput.string(history))
        }
    }
}

/// `govwatch feed`: the Atom feed of recent alerts (as the daemon writes it to state_dir/feed.atom).
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Print the Atom 1.0 feed of recent alerts."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let reader = try StoreReader(common)
        let alerts = try await reader.store.alerts(limit: 200).compactMap { try? JSONDecoder().decode(Alert.self, from: Data($0.payload)) }
        emit(AtomFeed.render(alerts: alerts, updated: WallClockNow.now()))
    }
}

enum WallClockNow {
    static func now() -> Timestamp { Timestamp(epochSeconds: Date().timeIntervalSince1970) }
}
