#if canImport(Glibc)
    public import Glibc
#elseif canImport(Musl)
    public import Musl
#endif

/// The folders govwatch writes into (state, log), created as the installed
/// layout has them when they are missing.
public enum Folder {
    /// Creates `path` and any missing parents with `mode` (the unit's
    /// StateDirectoryMode and LogsDirectoryMode are 0750). An error names
    /// the folder that could not be made and errno's words (`Not a
    /// directory`, `Permission denied`).
    public static func create(_ path: String, mode: mode_t = 0o750) throws(SystemCallError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            try SystemCall.makeDirectory(prefix, mode: mode)
        }
        // An existing path that is not a folder: say so here, not at the first write.
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFDIR {
            throw SystemCallError(call: "mkdir", path: path, errno: ENOTDIR)
        }
    }

    /// The folder that holds `file`: what comes before its last `/` ("."
    /// for a bare name, "/" for one at the root). By bytes, as paths are:
    /// splitting into characters and joining them again cost 59,000
    /// instructions a page written (callgrind of the site's update).
    public static func containing(_ file: String) -> String {
        guard let slash = file.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == file.utf8.startIndex ? "/" : String(file[..<slash])
    }
}

extension Folder {
    /// Why `path` could not be used as a folder by this user, judged without
    /// creating anything (for `govwatch config check`); nil when it could.
    public static func whyNotUsable(_ path: String) -> String? {
        guard let (existing, status) = nearestExisting(path) else { return nil }
        if status.st_mode & S_IFMT != S_IFDIR { return "\(existing) is not a folder" }
        guard access(existing, W_OK | X_OK) != 0 else { return nil }
        return existing == path
            ? "\(path) is not writable by this user"
            : "\(existing) is not writable by this user, so \(path) cannot be created"
    }
}

extension Folder {
    /// Bytes an unprivileged writer may still use on the file system that
    /// holds `path` (or its nearest existing parent); nil when unknown.
    public static func freeBytes(_ path: String) -> Int64? {
        guard let (existing, _) = nearestExisting(path) else { return nil }
        var info = statvfs()
        guard statvfs(existing, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}

extension Folder {
    /// `path` or its nearest parent that exists, with its status: what a
    /// folder not yet made would be judged by.
    static func nearestExisting(_ path: String) -> (path: String, status: stat)? {
        var existing = path
        var status = stat()
        while stat(existing, &status) != 0 {
            let parent = containing(existing)
            if parent == existing { return nil }
            existing = parent
        }
        return (existing, status)
    }
}
