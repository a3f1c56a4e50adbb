import Foundation
import GRDB

extension StoreError {
    /// What an SQLite (GRDB) error means for an operator, and what to do.
    init(sqlite error: any Error, path: String) {
        if error is CancellationError {
            self.init(.cancelled, path: path, message: "cancelled at shutdown; nothing was written")
            return
        }
        guard let error = error as? DatabaseError else {
            self.init(.io, path: path, message: "\(error)")
            return
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            self.init(
                .locked, path: path,
                message: "database is locked by another process; stop it or wait (\(error.message ?? ""))")
        case .SQLITE_READONLY:
            self.init(
                .readOnly, path: path,
                message: Self.whyNotWritable(path)
                    ?? "database is read-only; give the govwatch user write access to the file and its folder")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            self.init(
                .corrupt, path: path,
                message: "database is corrupt or not a govwatch database; move it aside and restore a backup "
                    + "(govwatch will not overwrite it)")
        case .SQLITE_CANTOPEN:
            self.init(
                .cannotOpen, path: path,
                message: "cannot open the database; check that the folder exists and is writable")
        default:
            self.init(.io, path: path, message: error.message ?? "\(error)")
        }
    }

    /// Why the database cannot be written, when the file system says so:
    /// SQLite only reports that it cannot open the file (WAL mode must
    /// create its -wal and -shm files beside it).
    static func whyNotWritable(_ path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        var fileSystem = statvfs()
        if statvfs(folder, &fileSystem) == 0, fileSystem.f_flag & UInt(ST_RDONLY) != 0 {
            return "database is read-only: its folder is on a file system mounted read-only; "
                + "remount it read-write or set state_dir to a writable place"
        }
        if access(folder, W_OK) != 0 {
            return
                "database is read-only: its folder \(folder) is not writable by this user; give the govwatch user write access"
        }
        if access(path, F_OK) == 0, access(path, W_OK) != 0 {
            return "database is read-only: the file is not writable by this user; give the govwatch user write access"
        }
        // SQLite keeps its write-ahead log and shared memory beside the
        // database; either left unwritable (a run as another user, a mode
        // changed by hand) makes every write fail.
        let log = path + "-wal"
        if access(log, F_OK) == 0, access(log, W_OK) != 0 {
            return "database is read-only: its write-ahead log \(log) is not writable by this user; "
                + "give the govwatch user write access to it (do not delete it: it holds committed changes)"
        }
        let shared = path + "-shm"
        if access(shared, F_OK) == 0, access(shared, W_OK) != 0 {
            return "database is read-only: its shared-memory file \(shared) is not writable by this user; "
                + "give the govwatch user write access to it, or delete it while no govwatch runs"
        }
        return nil
    }
}
