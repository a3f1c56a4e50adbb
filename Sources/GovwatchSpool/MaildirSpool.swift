#if canImport(Glibc)
import Glibc
#endif

/// The spool: a maildir that other programs consume.
///
/// Each alert is one JSON file, written in `tmp/`, fsynced, renamed into
/// `new/`, and the directory fsynced, so a reader never sees a partial file
/// and a crash never loses an acknowledged one. Files are named
/// `<epoch-seconds>.<id>.json`; consumers move them to `cur/` (maildir
/// flags may be appended) or delete them.
///
/// Delivering an id that is already in `new/` or `cur/` does nothing, which
/// makes redelivery after a crash safe. An id a consumer has already deleted
/// cannot be seen here; the outbox in the store remembers what was delivered,
/// so that case never redelivers.
public struct MaildirSpool: Sendable {
    public let directory: String

    /// Creates `tmp/`, `new/` and `cur/` when missing. Mode 2750: group
    /// members (consumers) can read, and new files inherit the group.
    public init(directory: String) throws(SystemCallError) {
        self.directory = directory
        try SystemCall.makeDirectory(directory, mode: 0o2750)
        for name in ["tmp", "new", "cur"] {
            try SystemCall.makeDirectory(directory + "/" + name, mode: 0o2750)
        }
    }

    public static func fileName(id: String, epochSeconds: Int) -> String { "\(epochSeconds).\(id).json" }

    /// True when a file for `id` is in `new/` or `cur/`.
    public func contains(id: String) throws(SystemCallError) -> Bool {
        let marker = "." + id + ".json"
        for folder in ["new", "cur"] {
            if try SystemCall.list(directory + "/" + folder).contains(where: { $0.contains(marker) }) { return true }
        }
        return false
    }

    /// Writes the alert file unless one for `id` exists. Returns false when it existed.
    @discardableResult
    public func deliver(id: String, epochSeconds: Int, json: [UInt8]) throws(SystemCallError) -> Bool {
        if try contains(id: id) { return false }
        let name = Self.fileName(id: id, epochSeconds: epochSeconds)
        try AtomicFile.write(json, through: AtomicFile.uniqueTemporary(directory + "/tmp/" + name), to: directory + "/new/" + name,
                             directory: directory + "/new")
        return true
    }

    /// Removes leftovers in `tmp/` from a crash mid-write (their alerts are
    /// still undelivered in the outbox and will be written again).
    public func cleanTemporary() {
        for name in (try? SystemCall.list(directory + "/tmp")) ?? [] {
            SystemCall.unlink(directory + "/tmp/" + name)
        }
    }
}
