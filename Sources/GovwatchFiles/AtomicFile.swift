#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Replaces a file atomically: write a temporary sibling, fsync, rename,
/// fsync the folder. Readers see the old or the new file, never a mix.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(SystemCallError) {
        try write(bytes, through: uniqueTemporary(path), to: path, directory: Folder.containing(path))
    }

    /// `path.<pid>.<random>.tmp`: two writers never share a temporary file.
    package static func uniqueTemporary(_ path: String) -> String {
        "\(path).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
    }

    /// Writes `temporary`, fsyncs it, renames it to `final` and fsyncs
    /// `directory` (the folder holding `final`). A failed write leaves no
    /// temporary file behind.
    package static func write(_ bytes: [UInt8], through temporary: String, to final: String, directory: String)
        throws(SystemCallError)
    {
        try writeUnsynced(bytes, through: temporary, to: final)
        try SystemCall.syncDirectory(directory)
    }

    /// ``write(_:through:to:directory:)`` without the folder's fsync, for a
    /// caller that renames several files into one folder and fsyncs it once.
    /// The rename is not durable until then.
    package static func writeUnsynced(_ bytes: [UInt8], through temporary: String, to final: String)
        throws(SystemCallError)
    {
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
