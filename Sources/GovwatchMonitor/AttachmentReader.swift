import Foundation
public import GovwatchCore
public import GovwatchExtract
import GovwatchFiles

/// How an attached office file becomes the page it reads as: in a child
/// process (`govwatch read-attachment`, what the daemon and `once` use), so
/// that a file crafted to crash or exhaust libzip or libxml2 ends the child
/// and never the daemon; or in this process (tests, the benchmark, which
/// are not the govwatch binary). The child sets its own limits
/// (``ResourceLimits``); this side bounds its time and its output.
public struct AttachmentReader: Sendable {
    enum Mode: Sendable {
        case inProcess
        case child(executable: String)
    }
    let mode: Mode
    /// Pages already read, shared by every copy of this reader.
    let cache = AttachmentPageCache()

    public static let inProcess = AttachmentReader(mode: .inProcess)
    /// The child is `executable read-attachment FILE --name NAME`.
    public static func child(executable: String) -> AttachmentReader {
        AttachmentReader(mode: .child(executable: executable))
    }

    /// A child reading longer than this is killed: a 157-task file reads in milliseconds.
    public static let timeout: Duration = .seconds(30)
    /// A page larger than this is refused: the limits make the child's pages far smaller.
    public static let outputLimit = 64 << 20
    /// The child's exit status for "not a kind of file govwatch reads" (EX_UNAVAILABLE).
    public static let notOfficeStatus: Int32 = 69

    /// The page `bytes` read as; nil when they are not a kind of file
    /// govwatch reads. The error names the file and why (the child's own
    /// message, or how it ended).
    /// `rules`: the reading rules it is read under. `sha256`: the file's
    /// digest, when known: a file read before with the same bytes, name and
    /// rules gives the same page without being read again.
    public func page(
        _ bytes: [UInt8], link: AttachmentLink, rules: ReadingRules = .current, sha256: String? = nil
    ) async -> Result<[UInt8]?, ExtractionError> {
        // Only a workbook's page depends on the rules (its dates).
        let byRules = OfficeAttachment.readsByRules(bytes, name: link.fileName)
        let key = sha256.map {
            AttachmentPageCache.Key(sha256: $0, name: link.fileName, rules: byRules ? rules.generation : 0)
        }
        if let key, let page = cache.page(key) { return .success(page) }
        let result = await read(bytes, link: link, rules: rules)
        if let key, case let .success(page?) = result { cache.store(page, for: key) }
        return result
    }

    /// The page a file read as under today's rules, when it is still held:
    /// what a file that did not change (304) reads as. Tries the rules'
    /// key and the one of pages that read the same under any rules.
    public func keptPage(sha256: String, name: String) -> [UInt8]? {
        let rules = ReadingRules.current.generation
        return cache.page(.init(sha256: sha256, name: name, rules: rules))
            ?? cache.page(.init(sha256: sha256, name: name, rules: 0))
    }

    func read(_ bytes: [UInt8], link: AttachmentLink, rules: ReadingRules) async -> Result<[UInt8]?, ExtractionError> {
        let name = link.fileName
        switch mode {
        case .inProcess:
            return await withTaskExecutorPreference(globalConcurrentExecutor) {
                Result { () throws(ExtractionError) in try OfficeAttachment.page(bytes, name: name, rules: rules) }
            }
        case let .child(executable):
            return await inChild(executable, bytes, name: name, shown: link.name, rules: rules)
        }
    }

    func inChild(_ executable: String, _ bytes: [UInt8], name: String, shown: String, rules: ReadingRules) async
        -> Result<[UInt8]?, ExtractionError>
    {
        // A private folder holds the file and is the child's TMPDIR, so
        // whatever the child and its readers leave (a child killed mid-read
        // runs no cleanup) goes when this side removes the folder.
        let folder = NSTemporaryDirectory() + "govwatch-attachment-\(UUID().uuidString)"
        let file = folder + "/file"
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        } catch {
            return .failure(
                ExtractionError(.unreadable, "attachment \"\(shown)\": cannot write it to \(folder): \(error)"))
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var environment = ChildProcess.bareEnvironment
        environment["TMPDIR"] = folder
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(
                executable, arguments: ["read-attachment", file, "--name=\(name)", "--rules=\(rules.generation)"],
                timeout: Self.timeout, outputLimit: Self.outputLimit, environment: environment)
        } catch {
            return .failure(ExtractionError(.unreadable, "attachment \"\(shown)\": cannot start its reader: \(error)"))
        }
        if outcome.timedOut {
            return .failure(
                ExtractionError(.unreadable, "attachment \"\(shown)\": reading it took over \(Self.timeout)"))
        }
        if outcome.outputCut {
            return .failure(ExtractionError(.unreadable, "attachment \"\(shown)\": its page is over 64 MB"))
        }
        if outcome.signalled {
            return .failure(
                ExtractionError(
                    .unreadable,
                    "attachment \"\(shown)\": its reader ended on signal \(outcome.status) (a file crafted or "
                        + "damaged so that reading it crashes, or past the reader's memory or CPU limit)"))
        }
        switch outcome.status {
        case 0: return .success(outcome.output)
        case Self.notOfficeStatus: return .success(nil)
        default:
            let message = outcome.errorOutput.split(separator: "\n").last.map(String.init) ?? "exit \(outcome.status)"
            return .failure(ExtractionError(.unreadable, message))
        }
    }
}
