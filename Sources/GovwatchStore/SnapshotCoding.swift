import Foundation
import GovwatchCore

/// The stored form of a ``DocumentSnapshot``: a compact binary layout.
///
/// Foundation's JSON coder spent more CPU on a changed report (decode the
/// old snapshot, encode the new) than parsing the page did. This layout is
/// read and written in one pass over the bytes.
///
/// Version 1: the magic `GWS1`, then the nine metadata fields (in
/// ``DocumentMetadata/storedOrder``) as optional
/// strings, the entry count and each entry (key, number, section, task,
/// lead units, progress, extras sorted by key). A string is its UTF-8 length
/// (LEB128) and bytes; an optional string is a byte, 0 for nil or 1 and the
/// string; a list is its count and its items. Rows written before hold JSON
/// (first byte `{`) and are still read.
///
/// Version 2 (`GWS2`): version 1 with the report kind (a byte, 0 progress
/// or 1 assignment) after the nine fields and each entry's supporting units
/// after its lead units. Version 1 rows are still read.
///
/// Stored now: the version 2 layout (3 or 4 for a report read from files)
/// in a zstd frame (``Zstd``), 45% of its
/// size, or less with a dictionary trained from the store's snapshots
/// (``ZstdDictionary``). Rows without a frame (written before) are read as
/// they are.
enum SnapshotCoding {
    static let magic = Array("GWS2".utf8)
    static let magicVersion1 = Array("GWS1".utf8)
    /// Version 3: version 2, then the attached files the entries were read
    /// from (count; each name, URL, size, SHA-256, entry count, optional
    /// problem). Written only for snapshots that have attached files, so
    /// every other row stays version 2.
    static let magicVersion3 = Array("GWS3".utf8)
    /// Version 4: version 3 with each file's type and validators (optional
    /// type, ETag and Last-Modified) after its problem. Written only when a
    /// file has one, so rows without stay version 3, byte for byte.
    static let magicVersion4 = Array("GWS4".utf8)

    /// The stored form: the layout, compressed (with the store's newest
    /// dictionary, when it has one).
    static func encode(_ snapshot: DocumentSnapshot, dictionary: ZstdDictionary? = nil) -> Data {
        Zstd.compress(layout(snapshot), dictionary: dictionary)
    }

    /// The uncompressed layout of a stored row (what dictionaries are
    /// trained from); nil when damaged.
    static func layout(stored: Data) -> [UInt8]? {
        guard Zstd.isFrame(stored) else { return [UInt8](stored) }
        return Zstd.decompress(stored)
    }

    /// The layout, uncompressed: version 2, or 3 or 4 for a report read
    /// from files.
    static func layout(_ snapshot: DocumentSnapshot) -> [UInt8] {
        var writer = Writer()
        let version4 = snapshot.attachments.contains { !$0.validators.isEmpty || $0.type != nil }
        writer.bytes += snapshot.attachments.isEmpty ? magic : version4 ? magicVersion4 : magicVersion3
        writer.heading(snapshot.metadata, kind: snapshot.kind, entryCount: snapshot.entries.count)
        for entry in snapshot.entries {
            let content = entry.content
            writer.string(entry.key)
            writer.optional(entry.number)
            writer.optional(entry.section)
            writer.string(content.task)
            writer.strings(content.leadUnits)
            writer.strings(content.supportingUnits)
            writer.strings(content.progress)
            let extras = content.extras.sorted { $0.key < $1.key }
            writer.count(extras.count)
            for (name, value) in extras {
                writer.string(name)
                writer.string(value)
            }
        }
        if !snapshot.attachments.isEmpty {
            writer.count(snapshot.attachments.count)
            for file in snapshot.attachments {
                writer.string(file.name)
                writer.string(file.url)
                writer.count(file.bytes)
                writer.string(file.sha256)
                writer.count(file.entries)
                writer.optional(file.problem)
                if version4 {
                    writer.optional(file.type)
                    writer.optional(file.etag)
                    writer.optional(file.lastModified)
                }
            }
        }
        return writer.bytes
    }

    /// The snapshot in `data` (this layout or legacy JSON); nil when damaged.
    /// `earlier`: a snapshot read before (the report before in a series),
    /// whose strings are shared where the stored bytes are theirs
    /// (``Reader/entry(version2:like:row:shift:)``): the snapshot read is
    /// the same with or without it.
    static func decode(_ stored: Data, like earlier: DocumentSnapshot? = nil) -> DocumentSnapshot? {
        guard let data = layoutBytes(stored) else { return nil }
        guard isLayout(data) else { return try? JSONDecoder().decode(DocumentSnapshot.self, from: data) }
        let version4 = data.starts(with: magicVersion4)
        let version3 = version4 || data.starts(with: magicVersion3)
        let version2 = version3 || data.starts(with: magic)
        return data.withUnsafeBytes { raw -> DocumentSnapshot? in
            var reader = Reader(bytes: raw, offset: magic.count)
            guard let heading = reader.heading(version2: version2) else { return nil }
            var snapshot = DocumentSnapshot(metadata: heading.metadata, kind: heading.kind, entries: [])
            snapshot.entries.reserveCapacity(heading.entryCount)
            let like = earlier?.entries ?? []
            var shift = 0
            for row in 0..<heading.entryCount {
                guard let entry = reader.entry(version2: version2, like: like, row: row, shift: &shift) else {
                    return nil
                }
                snapshot.entries.append(entry)
            }
            if version3 {
                guard let files = reader.attachments(version4: version4) else { return nil }
                snapshot.attachments = files
            }
            return reader.offset == raw.count ? snapshot : nil
        }
    }

    /// The metadata, kind and entry count of a stored snapshot, without
    /// reading its entries (what the site needs to group reports into
    /// series, and the publication calendar after every `once`); nil when
    /// damaged. Only the frame's first 4 KB are decompressed when the
    /// heading fits there, so damage past them shows when the entries
    /// are read, not here.
    static func heading(_ stored: Data) -> Heading? {
        // Most headings fit in their layout's first 4 KB: only that much is
        // decompressed, and all of it when they do not.
        if Zstd.isFrame(stored), let prefix = Zstd.decompressPrefix(stored, count: 4096), isLayout(Data(prefix)) {
            let heading = prefix.withUnsafeBytes { raw in
                var reader = Reader(bytes: raw, offset: magic.count)
                return reader.heading(version2: !prefix.starts(with: magicVersion1))
            }
            if let heading { return heading }
        }
        guard let data = layoutBytes(stored) else { return nil }
        guard isLayout(data) else {
            return (try? JSONDecoder().decode(DocumentSnapshot.self, from: data)).map {
                Heading(metadata: $0.metadata, kind: $0.kind, entryCount: $0.entries.count)
            }
        }
        return data.withUnsafeBytes { raw in
            var reader = Reader(bytes: raw, offset: magic.count)
            return reader.heading(version2: !data.starts(with: magicVersion1))
        }
    }

    struct Heading {
        var metadata: DocumentMetadata
        var kind: ReportKind
        var entryCount: Int
    }

    /// The uncompressed bytes of a stored row (rows written before
    /// compression have no frame); nil when the frame is damaged.
    private static func layoutBytes(_ stored: Data) -> Data? {
        guard Zstd.isFrame(stored) else { return stored }
        return Zstd.decompress(stored).map { Data($0) }
    }

    private static func isLayout(_ data: Data) -> Bool {
        data.starts(with: magic) || data.starts(with: magicVersion1) || data.starts(with: magicVersion3)
            || data.starts(with: magicVersion4)
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func count(_ value: Int) {
            var rest = UInt(value)
            while rest >= 0x80 {
                bytes.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }

        mutating func string(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                count(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optional(_ text: String?) {
            if let text {
                bytes.append(1)
                string(text)
            } else {
                bytes.append(0)
            }
        }

        mutating func strings(_ list: [String]) {
            count(list.count)
            for text in list { string(text) }
        }
    }

}
