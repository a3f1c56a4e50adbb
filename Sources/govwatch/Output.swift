import ArgumentParser
import Foundation

/// Output formats for reviewers.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case markdown, html, json }

/// Writes a command's result to stdout (messages go to stderr).
func emit(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

/// Stable, readable JSON: sorted keys, unescaped slashes and CJK.
enum JSONOutput {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
