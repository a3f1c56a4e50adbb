import Foundation
import GovwatchCore

/// A snapshot's heading stored beside it (`document_snapshot.heading`,
/// ``StoreSchema/addSnapshotHeadings(_:)``), so that the publication
/// calendar and the reviewer site read every report's title, dates, kind
/// and entry count without decompressing its snapshot. zstd decodes a
/// whole block to give any prefix of it: reading headings from the
/// snapshots was 17% of the instructions of a cycle that changed 50 of
/// 1,000 reports (callgrind), since a changed snapshot makes the calendar
/// judge again.
///
/// Layout: the magic `GWH1`, the nine metadata fields as in the snapshot's
/// layout, the kind byte, the entry count (LEB128), then eight bytes that
/// differ at every write. Those make every write by this code change the
/// column, so that a snapshot rewritten by code that does not know the
/// column (an older build, after a downgrade) is told by SQLite itself:
/// its heading then did not change, and a trigger clears it.
extension SnapshotCoding {
    static let magicHeading = Array("GWH1".utf8)

    /// `snapshot`'s heading as stored beside it.
    static func headingBytes(_ snapshot: DocumentSnapshot) -> Data {
        headingBytes(Heading(metadata: snapshot.metadata, kind: snapshot.kind, entryCount: snapshot.entries.count))
    }

    static func headingBytes(_ heading: Heading) -> Data {
        var writer = Writer()
        writer.bytes += magicHeading
        writer.heading(heading.metadata, kind: heading.kind, entryCount: heading.entryCount)
        withUnsafeBytes(of: UInt64.random(in: .min ... .max)) { writer.bytes += $0 }
        return Data(writer.bytes)
    }

    /// The heading in a `heading` column; nil when damaged (its eight last
    /// bytes must follow the entry count exactly).
    static func storedHeading(_ data: Data) -> Heading? {
        guard data.starts(with: magicHeading) else { return nil }
        return data.withUnsafeBytes { raw in
            var reader = Reader(bytes: raw, offset: magicHeading.count)
            // The count is not bounded by these few bytes, as a layout's is by its row.
            let heading = reader.heading(version2: true, boundedCount: false)
            return reader.offset + 8 == raw.count ? heading : nil
        }
    }

    /// The heading of a row as selected beside its snapshot: from the
    /// `heading` column, or (a row written before the column, or by code
    /// that does not know it) from the snapshot itself.
    static func heading(stored heading: Data?, snapshot: Data?) -> Heading? {
        if let heading { return storedHeading(heading) }
        return snapshot.flatMap(Self.heading)
    }
}

extension SnapshotCoding.Writer {
    /// The nine metadata fields, the kind and the entry count: the start of
    /// a snapshot's layout, and of its stored heading.
    mutating func heading(_ metadata: DocumentMetadata, kind: ReportKind, entryCount: Int) {
        for field in DocumentMetadata.storedOrder { optional(metadata[keyPath: field]) }
        bytes.append(kind == .assignment ? 1 : 0)
        count(entryCount)
    }
}
