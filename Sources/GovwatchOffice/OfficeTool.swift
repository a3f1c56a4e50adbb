import Foundation
import GovwatchFiles

/// A Debian program that reads a format govwatch does not parse itself: the
/// binary office formats and PDF have well-kept readers (wv, xlrd, poppler)
/// and no library whose API keeps what a report needs, so each is run on
/// the file with a time and output bound. It stays in the caller's process
/// group: when the caller is the `read-attachment` child, a kill of that
/// child's group ends the program too.
struct OfficeTool: Sendable {
    /// The executable, by absolute path (never looked up on PATH: a
    /// daemon's PATH is not the operator's).
    let executable: String
    /// The Debian package that installs it, for the error when it is missing.
    let package: String

    static let wvWare = OfficeTool(executable: "/usr/bin/wvWare", package: "wv")
    /// Debian's own Python, where `python3-xlrd` is installed (not whatever
    /// `python3` a user's PATH finds first).
    static let python = OfficeTool(executable: "/usr/bin/python3", package: "python3-xlrd")
    static let pdftotext = OfficeTool(executable: "/usr/bin/pdftotext", package: "poppler-utils")

    /// What the program printed. The file is written to a private directory
    /// (0700, removed afterwards) that is also the program's scratch space;
    /// `arguments` gets the file's path and that directory.
    func output(
        _ bytes: [UInt8], named name: String, limits: OfficeLimits,
        arguments: (_ file: String, _ directory: String) -> [String]
    ) throws(OfficeError) -> [UInt8] {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw OfficeError(
                .readerMissing, "\(executable) is not installed (Debian package \(package); Deploy/setup installs it)")
        }
        let directory = NSTemporaryDirectory() + "govwatch-read-\(UUID().uuidString)"
        let file = directory + "/" + name
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        } catch {
            throw OfficeError(.damaged, "cannot write the file for \(executable) in \(directory): \(error)")
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.runBlocking(
                executable, arguments(file, directory), timeout: limits.readerTime,
                outputLimit: limits.readerOutputBytes, ownGroup: false, environment: ChildProcess.bareEnvironment)
        } catch {
            throw OfficeError(.readerMissing, "cannot start \(executable): \(error)")
        }
        return try checked(outcome, limits: limits)
    }

    private func checked(_ outcome: ChildProcess.Outcome, limits: OfficeLimits) throws(OfficeError) -> [UInt8] {
        let program = (executable as NSString).lastPathComponent
        if outcome.timedOut {
            throw OfficeError(.tooLarge, "\(program) read it for over \(limits.readerTime) and was stopped")
        }
        if outcome.outputCut {
            let bound =
                limits.readerOutputBytes >= 1 << 20
                ? "\(limits.readerOutputBytes >> 20) MB" : "\(limits.readerOutputBytes) bytes"
            throw OfficeError(.tooLarge, "\(program) wrote over \(bound) for it (no report is that large)")
        }
        if outcome.signalled {
            throw OfficeError(.damaged, "\(program) ended on signal \(outcome.status) reading it")
        }
        guard outcome.status == 0 else {
            let said = outcome.errorOutput.split(separator: "\n").last.map(String.init) ?? ""
            throw OfficeError(
                .damaged, "\(program) could not read it (exit \(outcome.status)\(said.isEmpty ? "" : ": " + said))")
        }
        return outcome.output
    }
}
