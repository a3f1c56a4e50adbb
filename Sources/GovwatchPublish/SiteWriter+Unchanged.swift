import Foundation
import GovwatchCore
import GovwatchFiles

/// A page a build renders as the current site already has it is linked
/// into the new folder, not written again.
///
/// A build writes whole new folders, and rebuilding a series rendered
/// every report of it anew when one changed: on ext4 making a file costs
/// ~0.4 ms of kernel time (~10 µs to link one), a tenth of rebuilding a
/// long series. The current file is read and compared first, so a linked
/// page is byte for byte the page rendered, but for its footer's build
/// time (``SiteTemplates/layout``): it keeps the time it was made at.
extension SiteWriter {
    /// Writes `bytes` as the file at `path`, or links `previous` there when
    /// that file says the same: an HTML page but for its footer's time
    /// (``sameButFooter(_:_:)``), any other file (CSV, JSON, scripts) byte
    /// for byte, since a CSV holds report text unescaped.
    static func writePage(_ bytes: [UInt8], to path: String, previous: String?) throws(SystemCallError) {
        if let previous, let old = try? SystemCall.readAll(previous),
            path.hasSuffix(".html") ? sameButFooter(old, bytes) : old == bytes,
            (try? SystemCall.link(previous, as: path)) != nil
        {
            return
        }
        // A second write of a path in one build must not truncate a file
        // linked there, which the site being served shares.
        SystemCall.unlink(path)
        try writePage(bytes, to: path)
    }

    static let footerOpen = Array("<footer>".utf8)
    static let footerClose = Array("</footer>".utf8)

    /// Whether `old` and `new` are the same bytes, but for what their last
    /// `<footer>…</footer>` holds (the time the page was made): for the
    /// site's HTML, whose text is escaped, so that only the frame has one.
    /// Without a footer they must be the same throughout.
    static func sameButFooter(_ old: [UInt8], _ new: [UInt8]) -> Bool {
        guard let start = lastRange(of: footerOpen, in: new) else { return old == new }
        guard old.count > start.upperBound, sameBytes(old[..<start.upperBound], new[..<start.upperBound]),
            let oldEnd = old[start.upperBound...].firstRange(of: footerClose),
            let newEnd = new[start.upperBound...].firstRange(of: footerClose)
        else { return false }
        return sameBytes(old[oldEnd.lowerBound...], new[newEnd.lowerBound...])
    }

    static func sameBytes(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in SameBytes.memory(a, b) } }
    }

    static func lastRange(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard bytes.count >= needle.count else { return nil }
        for start in stride(from: bytes.count - needle.count, through: 0, by: -1)
        where bytes[start..<start + needle.count].elementsEqual(needle) {
            return start..<start + needle.count
        }
        return nil
    }
}
