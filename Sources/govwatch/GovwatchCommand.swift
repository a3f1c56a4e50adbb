import ArgumentParser
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchStore

@main
struct GovwatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govwatch",
        abstract: "Watch a government disclosure site for new reports and changed progress entries.",
        version: GovwatchVersion.current,
        subcommands: [
            ExtractCommand.self, OnceCommand.self, RunCommand.self, DemoCommand.self, ChangesCommand.self,
            HistoryCommand.self, FeedCommand.self, NotifyCommand.self, ConfigCommand.self, SiteCommand.self,
            ServeCommand.self, ReadAttachmentCommand.self,
        ]
    )

    /// ArgumentParser's `main`, except that every failure of govwatch's
    /// own (a ``CommandFailure``, or a typed error a command let through)
    /// is one line of words on stderr and its sysexits status: never a
    /// Swift value dump.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: reported(error))
        }
    }

    /// The error ArgumentParser exits with: govwatch's failures reported
    /// here first (``CommandFailure/exit``), its own errors as they are.
    static func reported(_ error: any Error) -> any Error {
        switch error {
        case let failure as CommandFailure: failure.exit
        case let error as StoreError: CommandFailure(error).exit
        case let error as ConfigurationError: CommandFailure(error).exit
        case let error as RuntimeError: CommandFailure(error).exit
        default: error
        }
    }
}
