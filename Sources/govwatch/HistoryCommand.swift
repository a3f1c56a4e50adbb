import ArgumentParser
import Foundation
import GovwatchCore

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
            throw CommandFailure(.dataError, "no task \(task.joined(separator: " ")) in the store").exit
        }
        switch format {
        case .markdown: emit(ChangeLogRenderer.markdown(history))
        case .html: emit(ChangeLogRenderer.html(history))
        case .json: emit(try JSONOutput.string(history))
        }
    }
}
