import CGovwatchFiles

#if canImport(Glibc)
    package import Glibc
#elseif canImport(Musl)
    package import Musl
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

/// The one place that calls POSIX for govwatch's files (spool, log, site,
/// locks): retries EINTR, turns -1 into a typed error naming the call and
/// the path. `package`: the modules above use it; nothing outside does.
package enum SystemCall {
    @discardableResult
    package static func check(_ call: String, _ path: String, _ body: () -> Int32) throws(SystemCallError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            if code == EINTR { continue }
            throw SystemCallError(call: call, path: path, errno: code)
        }
    }

    package static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o640) throws(SystemCallError) -> Int32 {
        try check("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    package static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SystemCallError) {
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

    package static func fsync(_ fd: Int32, path: String) throws(SystemCallError) {
        try check("fsync", path) { Glibc.fsync(fd) }
    }

    package static func close(_ fd: Int32) {
        _ = Glibc.close(fd)  // after fsync, a close error cannot lose data we have not already reported
    }

    /// fsync a directory, making a rename or create in it durable.
    package static func syncDirectory(_ path: String) throws(SystemCallError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    package static func rename(_ from: String, _ to: String) throws(SystemCallError) {
        try check("rename", "\(from) -> \(to)") { Glibc.rename(from, to) }
    }

    /// Creates a directory unless it exists. Existence is checked first:
    /// under systemd's ProtectSystem=strict with PrivateUsers=, mkdir() of an
    /// existing directory in a read-only parent fails with EPERM, not EEXIST.
    package static func makeDirectory(_ path: String, mode: mode_t) throws(SystemCallError) {
        if exists(path) { return }
        if Glibc.mkdir(path, mode) == 0 { return }
        let code = Glibc.errno
        if code == EEXIST { return }
        throw SystemCallError(call: "mkdir", path: path, errno: code)
    }

    /// Names in a directory (without `.` and `..`).
    package static func list(_ path: String) throws(SystemCallError) -> [String] {
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
    package static func readAll(_ path: String) throws(SystemCallError) -> [UInt8] {
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

    package static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The size in bytes of the file at `path` (links followed); nil when there is none.
    package static func fileSize(_ path: String) -> Int? {
        var info = Glibc.stat()
        return fstatat(AT_FDCWD, path, &info, 0) == 0 ? Int(info.st_size) : nil
    }

    /// The file at `path` (links followed) as its device, inode, size,
    /// modification and change times: which file it is, and which version
    /// of it. The change time is the kernel's (no tool sets it), so a file
    /// copied with its mtime kept (`install -p`) is still another.
    package static func fileIdentity(_ path: String) throws(SystemCallError) -> String {
        var info = Glibc.stat()
        try check("stat", path) { fstatat(AT_FDCWD, path, &info, 0) }
        let modified = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        let changed = "\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modified):\(changed)"
    }

    package static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// Makes `path` a symbolic link to `target`.
    package static func symlink(_ target: String, at path: String) throws(SystemCallError) {
        try check("symlink", "\(path) -> \(target)") { Glibc.symlink(target, path) }
    }

    /// A second name for the file at `existing` (a hard link).
    package static func link(_ existing: String, as path: String) throws(SystemCallError) {
        try check("link", "\(existing) -> \(path)") { Glibc.link(existing, path) }
    }

    /// Flushes every file of the file system holding `path` to disk: one
    /// call instead of an fsync per file when many files are renamed into
    /// place at once (a site build writes thousands).
    package static func syncFileSystem(_ path: String) throws(SystemCallError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try check("syncfs", path) { cgovwatch_syncfs(fd) }
    }
}
