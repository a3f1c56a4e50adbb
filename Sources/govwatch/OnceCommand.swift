import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchMonitor
import GovwatchPublish
import GovwatchStore
import Logging

/// `govwatch once`: one cycle of every due source, then delivery.
struct OnceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "once",
        abstract: "Run one cycle of each due source, commit, and deliver its alerts.",
        discussion: """
            Prints one line per source that ran on stdout (or, when none was due, which runs \
            next, in [daemon] timezone); log lines go to stderr. Exit status: 0 when every \
            source's cycle ran; 75 when a source failed (its line says why; what the others \
            found was delivered); 78 for a bad configuration; 74 when \
            the store, spool or log cannot be used, or alerts could not be delivered (they wait \
            in the store and go out on the next run); 75 when another govwatch kept a source's \
            state busy longer than a minute (nothing was lost: run it again).
            """
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Run every source now, due or not.")
    var all = false

    @Flag(help: "Run every source and recheck every report it knows now, whatever its schedule.")
    var recheck = false

    func run() async throws {
        try await reporting {
            // Each cycle's result is printed below; its log line ("cycle
            // done", at info) would only say it again.
            let logger = common.makeLogger(level: .notice)
            let runtime = try common.openRuntime(logger: logger)
            let result: Monitor.OnceResult
            do throws(StoreError) { result = try await runtime.monitor.runOnce(all: all, recheck: recheck) } catch {
                throw CommandFailure(error)
            }
            await runtime.recordMetrics(result.cycles, logger: logger)
            let time = runtime.configuration.daemon.localTime
            for line in try await Self.summary(result, monitor: runtime.monitor, time: time) { print(line) }
            await Publisher(clock: runtime.monitor.clock, logger: logger).refresh(
                store: runtime.store, configuration: runtime.configuration,
                delivered: !result.delivery.delivered.isEmpty)
            if let blocked = result.delivery.blocked {
                throw CommandFailure(.ioError, "alerts are committed but not delivered: \(blocked)")
            }
            // Scripts and cron see a failing source: 75, worth trying again.
            let failed = result.cycles.filter(\.failed).map(\.source)
            if !failed.isEmpty {
                throw CommandFailure(
                    .tempFail,
                    "\(failed.count) source(s) failed: \(failed.joined(separator: ", ")) (the lines above say why; "
                        + "what the others found was delivered)")
            }
        }
    }

    /// One line per source that ran, on stdout; or, when nothing was due,
    /// which source runs next and when.
    /// Times are in `[daemon] timezone`, as people read them.
    static func summary(_ result: Monitor.OnceResult, monitor: Monitor, time: LocalTime) async throws(CommandFailure)
        -> [String]
    {
        let overdue = result.overdue.map { "\($0.source): \($0.summary)" }
        if !result.cycles.isEmpty { return result.cycles.map { "\($0.source): \($0.summary)" } + overdue }
        let next: (source: String, at: Timestamp)?
        do { next = try await monitor.nextDue() } catch { throw CommandFailure(error) }
        guard let next else { return ["nothing to run: no sources configured"] + overdue }
        return ["nothing due; next: \(next.source) at \(time.display(next.at))"] + overdue
    }
}
