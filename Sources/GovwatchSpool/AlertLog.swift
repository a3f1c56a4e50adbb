#if canImport(Glibc)
import Glibc
#endif

/// The alert log: one JSON object per line, appended and fsynced.
///
/// Appending is idempotent by id: before writing, the log's tail is searched
/// for the id, so an alert logged just before a crash is not logged twice.
public struct AlertLog: Sendable {
    public let path: String
    /// How much of the log's end is searched for an id already written.
    static let tailBytes = 256 * 1024

    public init(path: String) {
        self.path = path
    }

    public func append(id: String, line: [UInt8]) throws(SystemCallError) {
        let created = !SystemCall.exists(path)
        let fd = try SystemCall.open(path, O_RDWR | O_CREAT | O_APPEND, 0o640)
        defer { SystemCall.close(fd) }
        if created {
            let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            try SystemCall.syncDirectory(folder.isEmpty ? "." : folder)
        }
        try repairTornTail(fd)
        if tailContains(fd, Array("\"id\":\"\(id)\"".utf8)) || tailContains(fd, Array("\"id\" : \"\(id)\"".utf8)) {
            return
        }
        var bytes = line
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        try SystemCall.writeAll(fd, bytes, path: path)
        try SystemCall.fsync(fd, path: path)
    }

    /// A crash mid-append leaves a line without its newline: cut it off, so
    /// its alert is written again whole and nothing is glued to it.
    func repairTornTail(_ fd: Int32) throws(SystemCallError) {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return }
        var last: UInt8 = 0
        _ = pread(fd, &last, 1, size - 1)
        guard last != UInt8(ascii: "\n") else { return }
        var end = Int(size)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while end > 0 {
            let start = max(0, end - buffer.count)
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, end - start, off_t(start)) }
            guard count > 0 else { break }
            if let newline = buffer[..<count].lastIndex(of: UInt8(ascii: "\n")) {
                end = start + newline + 1
                break
            }
            end = start
        }
        try SystemCall.check("ftruncate", path) { ftruncate(fd, off_t(end)) }
        try SystemCall.fsync(fd, path: path)
    }

    func tailContains(_ fd: Int32, _ needle: [UInt8]) -> Bool {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return false }
        let start = max(0, Int(size) - Self.tailBytes)
        var buffer = [UInt8](repeating: 0, count: Int(size) - start)
        let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        guard read > 0 else { return false }
        let haystack = buffer[..<read]
        guard haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
