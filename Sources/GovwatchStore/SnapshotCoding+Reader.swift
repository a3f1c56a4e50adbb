import Foundation
import GovwatchCore

extension SnapshotCoding {
    /// Reads what ``Writer`` wrote; every read is bounds-checked (a damaged
    /// row must read as nil, never trap).
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset: Int

        /// A length or count: no larger than the row itself.
        mutating func count() -> Int? {
            number().flatMap { $0 <= bytes.count ? $0 : nil }
        }

        /// A LEB128 number that is not a length (a file's size), so not
        /// bounded by the row's own size as ``count()`` is.
        mutating func number() -> Int? {
            var value = 0
            var shift = 0
            while offset < bytes.count, shift < 63 {
                let byte = bytes[offset]
                offset += 1
                value |= Int(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }

        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// `boundedCount`: the entry count is no larger than the row, as
        /// in a layout (false for a stored heading, which holds no entries).
        mutating func heading(version2: Bool, boundedCount: Bool = true) -> Heading? {
            var metadata = DocumentMetadata()
            for field in DocumentMetadata.storedOrder {
                guard let value = optional() else { return nil }
                metadata[keyPath: field] = value
            }
            var kind = ReportKind.progress
            if version2 {
                guard let byte = byte(), byte <= 1 else { return nil }
                if byte == 1 { kind = .assignment }
            }
            return (boundedCount ? count() : number()).map { Heading(metadata: metadata, kind: kind, entryCount: $0) }
        }

        mutating func attachments(version4: Bool) -> [AttachedFile]? {
            guard let fileCount = count() else { return nil }
            var files: [AttachedFile] = []
            for _ in 0..<fileCount {
                guard let name = string(), let url = string(), let bytes = number(), let sha256 = string(),
                    let entries = count(), let problem = optional()
                else { return nil }
                var file = AttachedFile(
                    name: name, url: url, bytes: bytes, sha256: sha256, entries: entries, problem: problem)
                if version4 {
                    guard let type = optional(), let etag = optional(), let lastModified = optional() else {
                        return nil
                    }
                    file.type = type
                    file.validators = Validators(etag: etag, lastModified: lastModified)
                }
                files.append(file)
            }
            return files
        }
    }
}
