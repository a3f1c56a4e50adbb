import ArgumentParser
import Foundation
import GovwatchDaemon
import GovwatchMonitor

/// `govwatch once`: one cycle of every due source, then delivery.
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Run one cycle of each due source, commit, and deliver its alerts.",
        discussion: """
            Exit status: 0 when the cycle ran (failing sources become alerts and log lines, \
            not exit codes); 78 for a bad configuration; 74 when the store, spool or log \
            cannot be used.
            """
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Run every source now, due or not.")
    var all = false

    func run() async throws {
        try await reporting {
            let runtime = try common.openRuntime(logger: common.makeLogger())
            let result: Monitor.OnceResult
            do { result = try await runtime.monitor.runOnce(all: all) } catch {
                throw CommandFailure(.ioError, "\(error)")
            }
            for cycle in result.cycles {
                FileHandle.standardError.write(Data("\(cycle.source): \(cycle.summary)\n".utf8))
            }
            if let blocked = result.delivery.blocked {
                FileHandle.standardError.write(Data("govwatch: delivery waiting: \(blocked)\n".utf8))
            }
        }
    }
}
