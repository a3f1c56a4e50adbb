public import GovwatchFiles

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

    /// Appends the lines whose ids are not in the log's tail, in one write
    /// and one fsync. A failed write may leave a torn last line, which the
    /// next append cuts off before searching the tail, so retrying the same
    /// batch logs each alert once, provided the batch fits in the tail: split
    /// larger ones with ``batches(_:size:)`` and record each as logged before the
    /// next.
    public func append(_ lines: [(id: String, line: [UInt8])]) throws(SystemCallError) {
        guard !lines.isEmpty else { return }
        let created = !SystemCall.exists(path)
        let fd = try SystemCall.open(path, O_RDWR | O_CREAT | O_APPEND, 0o640)
        defer { SystemCall.close(fd) }
        if created {
            try SystemCall.syncDirectory(Folder.containing(path))
        }
        try repairTornTail(fd)
        let tail = readTail(fd)
        var bytes: [UInt8] = []
        for (id, line) in lines {
            if Self.contains(tail, "\"id\":\"\(id)\"") || Self.contains(tail, "\"id\" : \"\(id)\"") { continue }
            bytes += line
            if line.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        }
        guard !bytes.isEmpty else { return }
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

    /// `lines` cut into batches that each fit in the searched tail (a line
    /// larger than the tail goes alone), keeping their order.
    public static func batches<Line>(_ lines: [Line], size: (Line) -> Int) -> [[Line]] {
        var batches: [[Line]] = []
        var current: [Line] = []
        var bytes = 0
        for line in lines {
            let count = size(line) + 1
            if !current.isEmpty && bytes + count > tailBytes {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(line)
            bytes += count
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// The last ``tailBytes`` of the log.
    func readTail(_ fd: Int32) -> [UInt8] {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return [] }
        let start = max(0, Int(size) - Self.tailBytes)
        var buffer = [UInt8](repeating: 0, count: Int(size) - start)
        let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
        buffer.removeLast(buffer.count - max(0, read))
        return buffer
    }

    /// Byte search with memchr for the first byte (memmem is a GNU
    /// extension Glibc's module does not export).
    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { pin in
            haystack.withUnsafeBufferPointer { hay in
                guard let base = hay.baseAddress, let first = pin.first, hay.count >= pin.count else {
                    return pin.isEmpty
                }
                var offset = 0
                let last = hay.count - pin.count
                while offset <= last {
                    guard let found = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, pin.baseAddress!, pin.count) == 0 { return true }
                    offset += 1
                }
                return false
            }
        }
    }
}
