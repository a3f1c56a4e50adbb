import Dispatch
import Foundation
import Synchronization

/// A child process run to completion with bounds: killed (SIGKILL) when it
/// outlives `timeout` or writes more than `outputLimit` bytes, its standard
/// error kept to its first 64 KB. For work govwatch does not trust to run
/// in the daemon itself (reading attached office files): whatever the
/// child does, the caller gets an ``Outcome`` and goes on. The child must
/// not leave processes of its own holding its output (govwatch's reader
/// starts none): the kill reaches the child, not its descendants.
public enum ChildProcess {
    public struct Outcome: Sendable {
        /// The exit status, or the signal that ended it.
        public var status: Int32
        public var signalled: Bool
        public var output: [UInt8]
        public var errorOutput: String
        /// Killed for outliving the timeout.
        public var timedOut: Bool
        /// Killed for writing more than the output limit.
        public var outputCut: Bool
    }

    /// Runs `executable` with `arguments`, its standard input empty.
    /// Throws only when it cannot be started.
    public static func run(
        _ executable: String, arguments: [String], timeout: Duration, outputLimit: Int
    ) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            // Blocking reads and waits, on a thread of their own, off the cooperative pool.
            Thread.detachNewThread {
                continuation.resume(
                    with: Result { try runBlocking(executable, arguments, timeout: timeout, outputLimit: outputLimit) })
            }
        }
    }

    static func runBlocking(_ executable: String, _ arguments: [String], timeout: Duration, outputLimit: Int) throws
        -> Outcome
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let pid = process.processIdentifier
        // The watchdog is a thread of its own waiting on a semaphore: no
        // queue or pool that a busy process may have filled can delay it.
        let killed = Mutex((timedOut: false, done: false))
        let finished = DispatchSemaphore(value: 0)
        let milliseconds = Int(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        Thread.detachNewThread {
            guard finished.wait(timeout: .now() + .milliseconds(milliseconds)) == .timedOut else { return }
            killed.withLock { state in
                guard !state.done else { return }
                state.timedOut = true
                kill(pid, SIGKILL)
            }
        }
        var bytes: [UInt8] = []
        var cut = false
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            bytes += chunk
            if bytes.count > outputLimit {
                cut = true
                kill(pid, SIGKILL)
                break
            }
        }
        // Killed: its standard error is not waited for (a process it
        // started may still hold the pipe).
        let wasKilled = cut || killed.withLock { $0.timedOut }
        let errorText = wasKilled ? Data() : errors.fileHandleForReading.readData(ofLength: 64 << 10)
        process.waitUntilExit()
        let timedOut = killed.withLock { state in
            state.done = true
            return state.timedOut
        }
        finished.signal()
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            output: cut ? [] : bytes, errorOutput: String(decoding: errorText, as: UTF8.self), timedOut: timedOut,
            outputCut: cut)
    }
}
