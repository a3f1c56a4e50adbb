import ArgumentParser
import Foundation
import GovwatchCore
import GovwatchExtract
import GovwatchFiles
import GovwatchMonitor

/// `govwatch read-attachment FILE --name NAME` (hidden): the child in which
/// the daemon reads an attached office file (``AttachmentReader``). It
/// limits itself before reading (1 GB of data, 20 s of CPU), prints the page the file reads as, and exits 0; 69 when the
/// file is none of the kinds govwatch reads (.docx, .xlsx, .doc, .xls,
/// .pdf); 65 with the reason on stderr. The Debian readers it runs for
/// .doc, .xls and PDF stay in its process group and under its limits.
struct ReadAttachmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-attachment",
        abstract: "Read an attached office file into a page (the daemon's sandboxed child).",
        shouldDisplay: false)

    static let dataLimit = 1 << 30
    static let cpuSeconds = 20

    @Argument(help: "The file, as fetched.")
    var file: String

    @Option(help: "The name it was linked by (its extension says its kind).")
    var name: String

    @Option(help: "The reading rules' generation to read it under (the stored report's, to compare with it).")
    var rules: Int = ReadingRules.current.generation

    func run() throws {
        let unset = ResourceLimits.apply(dataBytes: Self.dataLimit, cpuSeconds: Self.cpuSeconds)
        guard unset.isEmpty else {
            // Unbounded, this child would be no safer than the daemon: refuse.
            FileHandle.standardError.write(
                Data("attachment \"\(name)\": its reader could not set \(unset.joined(separator: ", "))\n".utf8))
            throw ExitCode(71)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("attachment \"\(name)\": cannot read \(file)\n".utf8))
            throw ExitCode(66)
        }
        do {
            guard let page = try OfficeAttachment.page([UInt8](data), name: name, rules: .generation(rules)) else {
                throw ExitCode(AttachmentReader.notOfficeStatus)
            }
            FileHandle.standardOutput.write(Data(page))
        } catch let error as ExtractionError {
            FileHandle.standardError.write(Data((error.message + "\n").utf8))
            throw ExitCode(65)
        }
    }
}
