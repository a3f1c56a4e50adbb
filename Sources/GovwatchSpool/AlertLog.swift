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
        let logged = Self.ids(in: readTail(fd))
        var bytes: [UInt8] = []
        for (id, line) in lines {
            if logged.contains(Array(id.utf8)) { continue }
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

    /// The ids the log's `tail` holds: what follows each `"id":"` (or
    /// `"id" : "`, as a pretty-printed line has it) up to its closing
    /// quote, read in one pass. Searching the whole tail again for each
    /// line of a batch made a batch's cost its size times the tail's.
    static func ids(in tail: [UInt8]) -> Set<[UInt8]> {
        let forms = [Array("\"id\":\"".utf8), Array("\"id\" : \"".utf8)]
        var ids: Set<[UInt8]> = []
        tail.withUnsafeBufferPointer { bytes in
            var index = 0
            while let open = Self.index(of: UInt8(ascii: "\""), in: bytes, from: index) {
                index = open + 1
                guard let form = forms.first(where: { Self.has($0, in: bytes, at: open) }) else { continue }
                let start = open + form.count
                guard let close = Self.index(of: UInt8(ascii: "\""), in: bytes, from: start) else { break }
                ids.insert(Array(bytes[start..<close]))
                index = close + 1
            }
        }
        return ids
    }

    static func index(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, Int32(byte), bytes.count - start)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    static func has(_ form: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        offset + form.count <= bytes.count && form.indices.allSatisfy { bytes[offset + $0] == form[$0] }
    }
}
