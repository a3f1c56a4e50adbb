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
        let fd = try SystemCall.open(path, O_RDWR | O_CREAT | O_APPEND, 0o640)
        defer { SystemCall.close(fd) }
        if tailContains(fd, Array("\"id\":\"\(id)\"".utf8)) || tailContains(fd, Array("\"id\" : \"\(id)\"".utf8)) {
            return
        }
        var bytes = line
        if bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        try SystemCall.writeAll(fd, bytes, path: path)
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
