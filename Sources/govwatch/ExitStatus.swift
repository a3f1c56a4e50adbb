import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchDaemon
import GovwatchStore

/// What a command exits with when it fails: sysexits.h, written here once.
/// Each command's `--help` names the ones it uses.
enum ExitStatus: Int32 {
    /// EX_USAGE: the command line is wrong.
    case usage = 64
    /// EX_DATAERR: the input was read but holds no report or listing.
    case dataError = 65
    /// EX_NOINPUT: a file, URL or store that is not there.
    case noInput = 66
    /// EX_IOERR: the store, spool or log cannot be used.
    case ioError = 74
    /// EX_TEMPFAIL: worth trying again later (a notifier failed).
    case tempFail = 75
    /// EX_CONFIG: systemd's RestartPreventExitStatus=78 keeps a broken
    /// configuration from restarting in a loop.
    case config = 78
}

/// A failure a command reports: `govwatch: message` on stderr, then the
/// exit status. Typed errors of the layers below map to one here.
struct CommandFailure: Error {
    var status: ExitStatus
    var message: String

    init(_ status: ExitStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    init(_ error: ConfigurationError) { self.init(.config, error.description) }
    /// Another process working on the state is worth trying again (75).
    init(_ error: StoreError) { self.init(error.code == .busy ? .tempFail : .ioError, error.description) }
    init(_ error: RuntimeError) { self.init(error.code == .noStore ? .noInput : .ioError, error.description) }

    /// Reports the failure and gives ArgumentParser the status to exit with.
    var exit: ExitCode {
        FileHandle.standardError.write(Data("govwatch: \(message)\n".utf8))
        return ExitCode(status.rawValue)
    }
}

extension AsyncParsableCommand {
    /// Runs `body`, turning a ``CommandFailure`` into its message and status.
    func reporting(_ body: () async throws -> Void) async throws {
        do { try await body() } catch let failure as CommandFailure { throw failure.exit }
    }
}
