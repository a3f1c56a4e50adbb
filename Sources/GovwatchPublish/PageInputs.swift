import Crypto
import Foundation
import GovwatchCore
import GovwatchFiles

/// What a page is made from, hashed (SHA-256, the first 16 bytes in hex):
/// an update renders a report's page and CSV only when their digest is not
/// the one the current site recorded for them (``ReportRecord/inputs``).
///
/// Rendering every report of a long series again to find the few that
/// changed was a third of a mixed cycle's CPU (perf). A stale page is
/// worse than a slow one, so the digest is over the page's inputs as the
/// renderer reads them, not over a list of what ought to change them,
/// and it starts with ``build``: a new binary (templates, wording, code)
/// renders every page once. Each value is written with its length or a
/// tag, so that no two different inputs feed the hash the same bytes.
struct PageInputs {
    /// What is hashed, gathered first: one pass of SHA-256 over a report's
    /// worth of bytes costs less than a call per field.
    private var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(16_384)
        add(Self.build)
    }

    mutating func add(_ text: String) {
        add(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func add(_ text: String?) {
        add(text != nil)
        if let text { add(text) }
    }

    mutating func add(_ texts: [String]) {
        add(texts.count)
        for text in texts { add(text) }
    }

    /// Bytes as they are, with their length.
    mutating func add(_ data: Data) {
        add(data.count)
        bytes.append(contentsOf: data)
    }

    mutating func add(_ number: Int) {
        withUnsafeBytes(of: Int64(number).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func add(_ flag: Bool) { add(flag ? 1 : 0) }

    var digest: String {
        SHA256.hash(data: bytes).prefix(16).hexString
    }

    /// The code that renders (``RunningBinary/identity``).
    static let build = RunningBinary.identity
}
