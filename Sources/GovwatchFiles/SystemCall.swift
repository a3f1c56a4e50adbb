#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A failed system call: which call, on which path, and errno's words.
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    public let call: String
    public let path: String
    public let errno: Int32

    public var description: String {
        "\(call) \(path): \(String(cString: strerror(errno)))"
    }

    /// No space left on the device (or quota), which waits rather than fails.
    public var isNoSpace: Bool { errno == ENOSPC || errno == EDQUOT }
}

/// The one place that calls POSIX for the spool and the log: retries EINTR,
/// turns -1 into a typed error naming the call and the path.
enum SystemCall {
    @discardableResult
    static func check(_ call: String, _ path: String, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemCallError(call: call, path: path, errno: code)
        }
    }

    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o640) throws(SystemCallError) -> Int32 {
        try check("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                let code = Glibc.errno
                if code == EINTR { continue }
                throw SystemCallError(call: "write", path: path, errno: code)
            }
            offset += written
        }
    }

    static func fsync(_ fd: Int32, path: String) throws(SystemCallError) {
        try check("fsync", path) { Glibc.fsync(fd) }
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)  // after fsync, a close error cannot lose data we have not already reported
    }

    /// fsync a directory, making a rename or create in it durable.
    static func syncDirectory(_ path: String) throws(SystemCallError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    static func rename(_ from: String, _ to: String) throws(SystemCallError) {
        try check("rename", "\(from) -> \(to)") { Glibc.rename(from, to) }
    }

    /// Creates a directory unless it exists. Existence is checked first:
    /// under systemd's ProtectSystem=strict with PrivateUsers=, mkdir() of an
    /// existing directory in a read-only parent fails with EPERM, not EEXIST.
    static func makeDirectory(_ path: String, mode: mode_t) throws(SystemCallError) {
        if exists(path) { return }
        if Glibc.mkdir(path, mode) == 0 { return }
        let code = Glibc.errno
        if code == EEXIST { return }
        throw SystemCallError(call: "mkdir", path: path, errno: code)
    }

    /// Names in a directory (without `.` and `..`).
    static func list(_ path: String) throws(SystemCallError) -> [String] {
        guard let directory = opendir(path) else {
            throw SystemCallError(call: "opendir", path: path, errno: Glibc.errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// A whole (small) file's bytes.
    static func readAll(_ path: String) throws(SystemCallError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try check("read", path) {
                Int32(truncatingIfNeeded: chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) })
            }
            if count == 0 { return bytes }
            bytes += chunk[..<Int(count)]
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }
}

/// Replaces a file atomically: write a temporary sibling, fsync, rename,
/// fsync the folder. Readers see the old or the new file, never a mix.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(SystemCallError) {
        try write(bytes, through: uniqueTemporary(path), to: path, directory: Folder.containing(path))
    }

    /// `path.<pid>.<random>.tmp`: two writers never share a temporary file.
    static func uniqueTemporary(_ path: String) -> String {
        "\(path).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
    }

    /// Writes `temporary`, fsyncs it, renames it to `final` and fsyncs
    /// `directory` (the folder holding `final`). A failed write leaves no
    /// temporary file behind.
    static func write(_ bytes: [UInt8], through temporary: String, to final: String, directory: String)
        throws(SystemCallError)
    {
        try writeUnsynced(bytes, through: temporary, to: final)
        try SystemCall.syncDirectory(directory)
    }

    /// ``write(_:through:to:directory:)`` without the folder's fsync, for a
    /// caller that renames several files into one folder and fsyncs it once.
    /// The rename is not durable until then.
    static func writeUnsynced(_ bytes: [UInt8], through temporary: String, to final: String) throws(SystemCallError) {
        let fd = try SystemCall.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        do {
            try SystemCall.writeAll(fd, bytes, path: temporary)
            try SystemCall.fsync(fd, path: temporary)
        } catch {
            SystemCall.close(fd)
            SystemCall.unlink(temporary)
            throw error
        }
        SystemCall.close(fd)
        try SystemCall.rename(temporary, final)
    }
}

/// An exclusive advisory lock on a file (flock), held for the lifetime of
/// the value: serializes delivery between the daemon and `govwatch once`.
public final class FileLock: Sendable {
    let fd: Int32

    /// Blocks until the lock is held. Callers keep it briefly (one delivery).
    public init(path: String) throws(SystemCallError) {
        fd = try SystemCall.open(path, O_RDWR | O_CREAT, 0o640)
        do {
            try SystemCall.check("flock", path) { flock(fd, LOCK_EX) }
        } catch {
            SystemCall.close(fd)
            throw error
        }
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        SystemCall.close(fd)
    }
}
