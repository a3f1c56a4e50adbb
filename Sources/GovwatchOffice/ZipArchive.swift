import CGovwatchZip

/// A zip archive read from memory through libzip, its parts read with a
/// bound on their expanded size. No C pointer leaves this type.
final class ZipArchive {
    private let archive: OpaquePointer
    /// The archive's bytes, which libzip reads in place until it is closed.
    private let storage: UnsafeMutableRawBufferPointer
    private var budget: Int
    let limits: OfficeLimits

    init(_ bytes: [UInt8], limits: OfficeLimits) throws(OfficeError) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        storage.copyBytes(from: bytes)
        var error: Int32 = 0
        guard let archive = cgovwatch_zip_open_memory(storage.baseAddress, bytes.count, &error) else {
            storage.deallocate()
            throw OfficeError(.notAnArchive, "not a zip archive (libzip error \(error)), so not a .docx or .xlsx file")
        }
        self.archive = archive
        self.limits = limits
        budget = limits.totalBytes
    }

    deinit {
        zip_discard(archive)
        storage.deallocate()
    }

    /// The names of the archive's entries.
    var names: [String] {
        let count = zip_get_num_entries(archive, 0)
        return (0..<max(count, 0)).compactMap { cgovwatch_zip_name(archive, $0).map { String(cString: $0) } }
    }

    /// The expanded bytes of part `name`; nil when the archive has no such
    /// part. Reading stops past ``OfficeLimits/partBytes`` or the file's
    /// total budget, whatever sizes the directory states.
    func read(_ name: String) throws(OfficeError) -> [UInt8]? {
        guard let file = zip_fopen(archive, name, 0) else { return nil }
        defer { zip_fclose(file) }
        let limit = min(limits.partBytes, budget)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = chunk.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, UInt64($0.count)) }
            if read < 0 { throw OfficeError(.damaged, "\(name): its compressed data is damaged") }
            if read == 0 { break }
            bytes += chunk[..<Int(read)]
            if bytes.count > limit {
                throw OfficeError(
                    .tooLarge,
                    "\(name) expands beyond \(limit >> 20) MB (a zip bomb, or far larger than any report); not read")
            }
        }
        budget -= bytes.count
        return bytes
    }
}
