public import GovwatchFiles

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

    /// One alert file in `new/` or `cur/`.
    public struct HeldFile: Sendable, Hashable {
        public var id: String
        public var epochSeconds: Int
        /// The full path, maildir flags included when a consumer added them.
        public var path: String
    }

    /// The parts of a spool file name: `<epoch>.<id>.json`, maybe followed
    /// by maildir flags (`:2,S`) once a consumer moved it to `cur/`. The one
    /// place that reads the names ``fileName(id:epochSeconds:)`` writes.
    static func parse(_ name: String) -> (epochSeconds: Int, id: String)? {
        let parts = name.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].hasPrefix("json"), let epoch = Int(parts[0]), !parts[1].isEmpty else {
            return nil
        }
        return (epoch, String(parts[1]))
    }

    /// Every alert file in `new/` and `cur/`, oldest first; an id in both
    /// (a consumer mid-move) is listed once.
    public func heldFiles() throws(SystemCallError) -> [HeldFile] {
        var files: [String: HeldFile] = [:]
        for folder in ["new", "cur"] {
            let path = directory + "/" + folder
            for name in try SystemCall.list(path) {
                guard let (epochSeconds, id) = Self.parse(name), files[id] == nil else { continue }
                files[id] = HeldFile(id: id, epochSeconds: epochSeconds, path: path + "/" + name)
            }
        }
        return files.values.sorted { ($0.epochSeconds, $0.id) < ($1.epochSeconds, $1.id) }
    }

    /// The bytes of a held file; nil when a consumer removed it meanwhile.
    public func contents(of file: HeldFile) -> [UInt8]? {
        try? SystemCall.readAll(file.path)
    }

    /// True when a file for `id` is in `new/` or `cur/`.
    public func contains(id: String) throws(SystemCallError) -> Bool {
        try heldIDs().contains(id)
    }

    func heldIDs() throws(SystemCallError) -> Set<String> {
        Set(try heldFiles().map(\.id))
    }

    /// Writes the alert file unless one for `id` exists. Returns false when it existed.
    @discardableResult
    public func deliver(id: String, epochSeconds: Int, json: [UInt8]) throws(SystemCallError) -> Bool {
        let batch = deliver([Alert(id: id, epochSeconds: epochSeconds, json: json)])
        if let error = batch.error { throw error }
        return batch.written == 1
    }

    /// One alert file to write.
    public struct Alert: Sendable {
        public var id: String
        public var epochSeconds: Int
        public var json: [UInt8]

        public init(id: String, epochSeconds: Int, json: [UInt8]) {
            self.id = id
            self.epochSeconds = epochSeconds
            self.json = json
        }
    }

    /// What a batch delivery did.
    public struct Batch: Sendable {
        /// How many of the alerts, from the first, are durably in the spool.
        public var stored = 0
        /// How many files this call wrote durably (the others were there
        /// already); 0 when the folder's fsync failed.
        public var written = 0
        /// What stopped the batch before its end.
        public var error: SystemCallError?
    }

    /// Writes a file for each alert, in order, skipping ids already in the
    /// spool; stops at the first failure. `new/` is listed once and fsynced
    /// once for the whole batch: a cycle that finds fifty changes pays one
    /// directory scan and one directory fsync, not fifty.
    public func deliver(_ alerts: [Alert]) -> Batch {
        var batch = Batch()
        guard !alerts.isEmpty else { return batch }
        let held: Set<String>
        do { held = try heldIDs() } catch {
            batch.error = error
            return batch
        }
        var inSpool = 0
        for alert in alerts {
            if held.contains(alert.id) {
                inSpool += 1
                continue
            }
            let name = Self.fileName(id: alert.id, epochSeconds: alert.epochSeconds)
            do {
                try AtomicFile.writeUnsynced(
                    alert.json, through: AtomicFile.uniqueTemporary(directory + "/tmp/" + name),
                    to: directory + "/new/" + name)
            } catch {
                batch.error = error
                break
            }
            inSpool += 1
            batch.written += 1
        }
        if batch.written > 0 {
            do { try SystemCall.syncDirectory(directory + "/new") } catch {
                batch.error = error
                batch.written = 0
                return batch
            }
        }
        batch.stored = inSpool
        return batch
    }

    /// Removes leftovers in `tmp/` from a crash mid-write (their alerts are
    /// still undelivered in the outbox and will be written again).
    public func cleanTemporary() {
        for name in (try? SystemCall.list(directory + "/tmp")) ?? [] {
            SystemCall.unlink(directory + "/tmp/" + name)
        }
    }
}
