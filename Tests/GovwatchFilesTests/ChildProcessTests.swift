import Foundation
import Testing

@testable import GovwatchFiles

/// The bounds a child runs under (what contains an attachment's reader):
/// a child that outlives its time, floods its output or dies by a signal
/// is ended and reported with the processes it started (the shell's
/// `sleep` and `yes` here), and the caller goes on.
@Suite("Child processes")
struct ChildProcessTests {
    static func shell(_ script: String, timeout: Duration = .seconds(10), outputLimit: Int = 1 << 20) async throws
        -> ChildProcess.Outcome
    {
        try await ChildProcess.run("/bin/sh", arguments: ["-c", script], timeout: timeout, outputLimit: outputLimit)
    }

    @Test func outputAndStatusComeBack() async throws {
        let outcome = try await Self.shell("printf 页面; echo why >&2; exit 65")
        #expect(String(decoding: outcome.output, as: UTF8.self) == "页面")
        #expect(outcome.status == 65 && !outcome.signalled && outcome.errorOutput == "why\n")
    }

    /// Timed on the calling thread (`runBlocking`): through `run`, the
    /// elapsed time would include the wait for a free thread of the
    /// concurrency pool, which a full parallel test run keeps busy.
    @Test func aChildPastItsTimeIsKilled() throws {
        let start = ContinuousClock.now
        let outcome = try ChildProcess.runBlocking(
            "/bin/sh", ["-c", "sleep 30; echo late"], timeout: .seconds(1), outputLimit: 1 << 20)
        #expect(outcome.timedOut && outcome.signalled && outcome.status == SIGKILL && outcome.output.isEmpty)
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func aChildFloodingItsOutputIsKilled() async throws {
        let outcome = try await Self.shell("yes 0123456789 | cat", outputLimit: 1 << 16)
        #expect(outcome.outputCut && outcome.output.isEmpty && outcome.signalled)
    }

    /// Its errors are read while its output is: a child writing 200 KB of
    /// errors before its output does not stall (a pipe holds 64 KB).
    @Test func muchOnStandardErrorDoesNotStall() async throws {
        let outcome = try await Self.shell(
            "head -c 200000 /dev/zero | tr '\\0' e >&2; printf ok", timeout: .seconds(20))
        #expect(String(decoding: outcome.output, as: UTF8.self) == "ok" && !outcome.timedOut)
        #expect(outcome.errorOutput.utf8.count == 64 << 10)
    }

    @Test func aChildDyingBySignalIsReported() async throws {
        let outcome = try await Self.shell("kill -SEGV $$")
        #expect(outcome.signalled && outcome.status == SIGSEGV && !outcome.timedOut)
    }

    @Test func aMissingExecutableThrows() async {
        await #expect(throws: (any Error).self) {
            try await ChildProcess.run("/nonexistent/govwatch", arguments: [], timeout: .seconds(1), outputLimit: 1)
        }
    }
}
