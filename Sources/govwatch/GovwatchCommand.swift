import ArgumentParser
import GovwatchCore

@main
struct GovwatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govwatch",
        abstract: "Watch a government disclosure site for new reports and changed progress entries.",
        version: GovwatchVersion.current,
        subcommands: [
            ExtractCommand.self, OnceCommand.self, RunCommand.self, DemoCommand.self, ChangesCommand.self,
            HistoryCommand.self, FeedCommand.self, NotifyCommand.self, ConfigCommand.self, SiteCommand.self,
            ServeCommand.self,
        ]
    )
}
