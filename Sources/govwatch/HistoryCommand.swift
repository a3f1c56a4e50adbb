import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchPublish

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

    func validate() throws {
        switch task.count {
        case 1 where task[0].hasPrefix("http://") || task[0].hasPrefix("https://"):
            throw ValidationError("give the task's 序号 after the report URL (history URL 72), or the task's key alone")
        case 1, 2: return
        default: throw ValidationError("give a task key, or a report URL and the task's 序号")
        }
    }

    func run() async throws {
        let reader = try StoreReader(common)
        let documents = try await reader.documents()
        let history =
            task.count == 1
            ? TaskHistory.build(key: task[0], url: nil, number: nil, documents: documents)
            : TaskHistory.build(key: nil, url: task[0], number: task[1], documents: documents)
        guard let history else { throw CommandFailure(.dataError, notFound(documents)).exit }
        switch format {
        case .markdown: emit(ChangeLogRenderer.markdown(history, time: reader.configuration.daemon.localTime))
        case .html: emit(ChangeLogPages.html(history, time: reader.configuration.daemon.localTime))
        case .json: emit(try JSONOutput.string(history))
        }
    }

    /// Which part of the name matched nothing: the key, the URL, or the number.
    func notFound(_ documents: [TaskHistory.Source]) -> String {
        guard task.count == 2 else { return "no task with key \(task[0]) in the store" }
        guard documents.contains(where: { $0.url == task[0] }) else { return "no report \(task[0]) in the store" }
        return "report \(task[0]) has no task numbered \(task[1])"
    }
}
