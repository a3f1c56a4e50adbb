import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A child process run to completion with bounds: killed (SIGKILL, with
/// every process it started: it leads a process group of its own) when it
/// outlives `timeout` or writes more than `outputLimit` bytes, its standard
/// error kept to its first 64 KB. For work govwatch does not trust to run
/// in the daemon itself (reading attached office files): whatever the
/// child does, the caller gets an ``Outcome`` and goes on.
///
/// posix_spawn, poll and waitpid directly, on a thread of its own:
/// Foundation's `Process` learns of a child's end through a dispatch queue,
/// which a process whose dispatch threads are busy (SQLite's) hears of late.
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

    /// Runs `executable` with `arguments`, its standard input empty and
    /// Swift's crash backtracer off (a crashed child must end at once).
    /// `environment`: the child's whole environment (nil: this process's).
    /// Throws only when it cannot be started.
    public static func run(
        _ executable: String, arguments: [String], timeout: Duration, outputLimit: Int,
        environment: [String: String]? = nil
    ) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result { () throws(SystemCallError) in
                        try runBlocking(
                            executable, arguments, timeout: timeout, outputLimit: outputLimit, environment: environment)
                    })
            }
        }
    }

    /// ``run(_:arguments:timeout:outputLimit:)`` on the calling thread.
    /// `ownGroup`: the child leads a process group of its own (killed with
    /// all it started); false keeps it in the caller's group, so that a
    /// caller that is itself a bounded child (`read-attachment` running a
    /// Debian reader) is killed together with it.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], timeout: Duration, outputLimit: Int, ownGroup: Bool = true,
        environment: [String: String]? = nil
    ) throws(SystemCallError) -> Outcome {
        let output = try pipeWithoutInheritance(executable)
        let errors: [Int32]
        do throws(SystemCallError) { errors = try pipeWithoutInheritance(executable) } catch {
            close(output[0])
            close(output[1])
            throw error
        }
        let pid: pid_t
        do throws(SystemCallError) {
            pid = try spawn(
                executable, arguments, output: output[1], errors: errors[1], ownGroup: ownGroup,
                environment: environment)
        } catch {
            for fd in output + errors { close(fd) }
            throw error
        }
        close(output[1])
        close(errors[1])
        defer {
            close(output[0])
            close(errors[0])
        }
        var outcome = Outcome(
            status: 0, signalled: false, output: [], errorOutput: "", timedOut: false, outputCut: false)
        var stderrBytes: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var open: [Int32] = [output[0], errors[0]]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !open.isEmpty {
            let left = deadline - ContinuousClock.now
            guard left > .zero else {
                outcome.timedOut = true
                break
            }
            var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&polled, nfds_t(polled.count), Int32(min(left.components.seconds * 1000 + 1, 60_000)))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            for entry in polled where entry.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    open.removeAll { $0 == entry.fd }
                } else if entry.fd == output[0] {
                    outcome.output += buffer[..<count]
                } else if stderrBytes.count < 64 << 10 {
                    stderrBytes += buffer[..<min(count, (64 << 10) - stderrBytes.count)]
                }
            }
            if outcome.output.count > outputLimit {
                outcome.outputCut = true
                outcome.output = []
                break
            }
        }
        // Killed before it is waited for: the pid (and its group) is still ours.
        if outcome.timedOut || outcome.outputCut { kill(ownGroup ? -pid : pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7F == 0 {
            outcome.status = (status >> 8) & 0xFF
        } else {
            outcome.signalled = true
            outcome.status = status & 0x7F
        }
        outcome.errorOutput = String(decoding: stderrBytes, as: UTF8.self)
        return outcome
    }

    /// An environment that carries nothing of the caller's but where to
    /// find programs and temporary files and the locale: for a child that
    /// reads untrusted files, which must not see the daemon's secrets
    /// (`EnvironmentFile=/etc/govwatch/env` holds the notifiers' tokens).
    public static var bareEnvironment: [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        environment["TMPDIR"] = ProcessInfo.processInfo.environment["TMPDIR"]
        return environment
    }

    /// A pipe whose ends no other child inherits (the child gets its ends
    /// through posix_spawn's dup2, which clears the flag on the copies).
    static func pipeWithoutInheritance(_ executable: String) throws(SystemCallError) -> [Int32] {
        var ends: [Int32] = [-1, -1]
        try SystemCall.check("pipe", executable) { pipe(&ends) }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return ends
    }

    /// Starts the child (the leader of a new process group when
    /// `ownGroup`), its output and errors on the given pipes, its input /dev/null.
    static func spawn(
        _ executable: String, _ arguments: [String], output: Int32, errors: Int32, ownGroup: Bool,
        environment: [String: String]?
    ) throws(SystemCallError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes,
            Int16((ownGroup ? POSIX_SPAWN_SETPGROUP : 0) | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var environment = environment ?? ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SystemCallError(call: "posix_spawn", path: executable, errno: result) }
        return pid
    }
}
