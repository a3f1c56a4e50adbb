import Foundation
import GRDB
import GovwatchCore
import GovwatchDemo
import GovwatchTestKit
import Testing

@testable import GovwatchStore

#if canImport(Glibc)
    import Glibc
#endif

/// The store trains its first zstd dictionary inside a commit that brings
/// it to eight snapshots or more, and compresses every later snapshot with
/// it (the dictionary's row is committed before any row names it). A
/// `govwatch once` killed with SIGKILL at moments all through cold cycles,
/// and run again each time on what the kill left, loses no snapshot and
/// alerts each report exactly once, whatever the kill interrupted (a
/// batch's transaction, the training, the spool or the log): every row
/// still reads, and rows name only a dictionary the store kept.
@Suite("Killed while the store compresses")
struct KilledWhileCompressingTests {
    @Test func killedAtAnyMomentOfCyclesThatTrainAndUseADictionaryNothingIsLostOrRepeated() async throws {
        let site = try SimulatedSite()
        let paths = (1...50).map { "/art/2024/2/\($0)/art_1229429114_\(7000 + $0).html" }
        func publish(_ numbers: ClosedRange<Int>) {
            for number in numbers {
                site.publish(
                    .init(
                        path: paths[number - 1], title: "第\(number)号报告", date: "2024-02-01",
                        html: OnceEndToEndTests.clean))
            }
        }
        // Batches of ten (the least allowed). The listing is two pages.
        let workspace = try Workspace(
            site: site, extraSource: "pages = 2", baseline: "alert", extraDaemon: "max_held_pages = 10")
        // 25 reports, the first training among them: killed again and again.
        publish(1...25)
        #expect(try killRepeatedly(workspace) > 0, "no run was killed: the cycle ended before the first kill")
        // 10 more, uninterrupted: if every training above was killed, the
        // store trains here (none on record, eight snapshots held).
        publish(26...35)
        #expect(try workspace.once().status == 0)
        let store = try GovwatchStore(path: workspace.root.appendingPathComponent("state/govwatch.sqlite").path)
        let trained = try await store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM zstd_dictionary") }
        #expect(trained ?? 0 >= 1)
        // 15 more, compressed with the dictionary: killed again and again.
        publish(36...50)
        #expect(try killRepeatedly(workspace) > 0)

        let alerts = try workspace.spooledAlerts().filter { $0["kind"] as? String == "document.published" }
        #expect(alerts.count == 50)
        #expect(Set(alerts.compactMap { $0["url"] as? String }) == Set(paths.map(site.url)))
        #expect(try workspace.logLines().filter { $0.contains("document.published") }.count == 50)
        let reopened = try GovwatchStore(path: store.path)
        let snapshots = try await reopened.snapshots(source: "report-execution", urls: nil)
        #expect(Set(snapshots.keys) == Set(paths.map(site.url)))
        #expect(snapshots.values.allSatisfy { $0.entries.count == 157 })
        let frames = try await reopened.read { db in
            try Data.fetchAll(db, sql: "SELECT snapshot FROM document_snapshot")
        }
        let named = frames.map(Zstd.dictionaryID).filter { $0 != 0 }
        #expect(named.count >= 15, "the last 15 reports' rows were not compressed with the dictionary")
        for id in Set(named) { #expect(ZstdDictionaries.shared.dictionary(id: id) != nil) }
    }

    /// Runs `govwatch once` killed after 40 ms, then 80, 120 … until a run
    /// ends by itself, then once more to its end; the number of kills.
    func killRepeatedly(_ workspace: Workspace) throws -> Int {
        let arguments = ["once", "--all", "--config", workspace.configURL.path]
        var kills = 0
        for attempt in 1...40 {
            guard try GovwatchBinary.runKilled(arguments, after: .milliseconds(40 * attempt)) == nil else { break }
            kills += 1
        }
        let last = try workspace.once()
        #expect(last.status == 0, "\(last.stderr)")
        return kills
    }
}

extension GovwatchBinary {
    /// Runs the binary and kills it (SIGKILL) after `delay`, as a power cut
    /// would; nil when killed, else its exit status (it ended before).
    static func runKilled(_ arguments: [String], after delay: Duration) throws -> Int32? {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + delay
        while process.isRunning, ContinuousClock.now < deadline { usleep(2_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? nil : process.terminationStatus
    }
}
