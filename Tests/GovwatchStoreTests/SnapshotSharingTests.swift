import Foundation
import GovwatchCore
import Testing

@testable import GovwatchStore

/// A snapshot read beside an earlier one (the report before it in its
/// series) shares the strings whose bytes are the earlier one's, and reads
/// as the very snapshot it reads alone, whatever the earlier one holds.
@Suite("Snapshots read beside the report before")
struct SnapshotSharingTests {
    /// Long enough to live on the heap (a string of 15 bytes or fewer is
    /// held inline and has no storage to share).
    static func text(_ words: String) -> String { "关于推进" + words + "工作的情况说明" }

    static func entry(_ row: Int, progress: [String]? = nil, extras: [String: String]? = nil) -> ReportEntry {
        ReportEntry(
            key: "key-\(row)-" + String(repeating: "k", count: 20), number: "\(row)", section: text("第\(row % 3)部分"),
            task: text("任务\(row)"), leadUnits: [text("单位\(row)")], supportingUnits: [text("配合\(row)")],
            progress: progress ?? [text("进展甲\(row)"), text("进展乙\(row)")],
            extras: extras ?? ["时间节点": text("年底\(row)")])
    }

    static let earlier = DocumentSnapshot(title: "第一期", entries: (1...8).map { entry($0) })

    /// The earlier report changed in every way a next report can, one at a
    /// time: rows moved, added, dropped; fields changed, many in the same
    /// number of bytes (a reader that compared lengths alone would share
    /// the wrong string).
    static var laterReports: [(String, DocumentSnapshot)] {
        func changed(_ change: (inout [ReportEntry]) -> Void) -> DocumentSnapshot {
            var entries = earlier.entries
            change(&entries)
            return DocumentSnapshot(title: "第二期", entries: entries)
        }
        return [
            ("the same", changed { _ in }),
            ("a row on top", changed { $0.insert(entry(99), at: 0) }),
            ("a row dropped", changed { $0.remove(at: 2) }),
            ("three rows on top", changed { $0.insert(contentsOf: [entry(97), entry(98), entry(99)], at: 0) }),
            ("three rows dropped", changed { $0.removeSubrange(0..<3) }),
            ("rows swapped", changed { $0.swapAt(1, 5) }),
            ("rows reversed", changed { $0.reverse() }),
            ("a character of the task", changed { $0[3].task = text("任务九") }),
            ("a character of a unit", changed { $0[3].leadUnits = [text("单位九")] }),
            ("a supporting unit more", changed { $0[3].supportingUnits.append(text("配合九")) }),
            ("a progress item changed", changed { $0[3].progress[1] = text("进展丙4") }),
            ("progress items swapped", changed { $0[3].progress.reverse() }),
            ("a progress item more", changed { $0[3].progress.append(text("进展丁4")) }),
            ("a progress item fewer", changed { $0[3].progress.removeLast() }),
            ("progress from another row", changed { $0[3].progress = $0[4].progress }),
            ("an extra's value", changed { $0[3].extras["时间节点"] = text("年底9") }),
            ("an extra more", changed { $0[3].extras["备注"] = text("说明") }),
            ("an extra renamed", changed { $0[3].extras = ["完成时限": text("年底4")] }),
            ("no extras", changed { $0[3].extras = [:] }),
            (
                "no number, no section",
                changed {
                    $0[3].number = nil
                    $0[3].section = nil
                }
            ),
            ("the key of another row", changed { $0[3].key = $0[4].key }),
            ("no rows", changed { $0 = [] }),
        ]
    }

    @Test func readsTheSnapshotItReadsAloneBesideAnyEarlierOne() throws {
        let reports = [("the first", Self.earlier)] + Self.laterReports
        for (name, later) in reports {
            let stored = SnapshotCoding.encode(later)
            let alone = try #require(SnapshotCoding.decode(stored))
            #expect(alone == later, "\(name)")
            for (other, earlier) in reports {
                let read = SnapshotCoding.decode(stored, like: earlier)
                #expect(read == later, "\(name) beside \(other)")
                // The same bytes, not only equal strings (`==` is Unicode's equivalence).
                #expect(read.map(SnapshotCoding.layout) == SnapshotCoding.layout(later), "\(name) beside \(other)")
            }
        }
    }

    /// A CJK compatibility ideograph (U+F900) is canonically the unified
    /// one (U+8C48), in as many bytes: `==` takes one for the other, the
    /// reader must not.
    @Test func aCanonicallyEqualStringInOtherBytesIsNotShared() throws {
        var earlier = Self.earlier
        earlier.entries[0].task = Self.text("\u{8C48}")
        earlier.entries[0].progress[0] = Self.text("\u{8C48}进展")
        var later = earlier
        later.entries[0].task = Self.text("\u{F900}")
        later.entries[0].progress[0] = Self.text("\u{F900}进展")
        #expect(later.entries[0].task == earlier.entries[0].task)  // Swift's `==`
        let read = try #require(SnapshotCoding.decode(SnapshotCoding.encode(later), like: earlier))
        #expect(Array(read.entries[0].task.utf8) == Array(later.entries[0].task.utf8))
        #expect(Array(read.entries[0].progress[0].utf8) == Array(later.entries[0].progress[0].utf8))
        #expect(SnapshotCoding.layout(read) == SnapshotCoding.layout(later))
    }

    /// Rows of every stored layout read beside an earlier report as alone:
    /// version 1 (no kind, no supporting units), 3 and 4 (attached files),
    /// and legacy JSON.
    @Test func everyStoredLayoutReadsTheSameBesideAnEarlierReport() throws {
        var row = Array("GWS1".utf8) + [1, 3] + Array("Tab".utf8) + [UInt8](repeating: 0, count: 8) + [1]
        row += [UInt8(Self.earlier.entries[0].key.utf8.count)] + Array(Self.earlier.entries[0].key.utf8) + [0, 0]
        row += [1] + Array("t".utf8) + [1, 1] + Array("A".utf8) + [1, 2] + Array("p1".utf8) + [0]
        let version1 = try #require(SnapshotCoding.decode(Data(row)))
        #expect(SnapshotCoding.decode(Data(row), like: Self.earlier) == version1)

        var withFiles = Self.earlier
        withFiles.attachments = [
            AttachedFile(name: "附件一.docx", url: "http://h/1.docx", bytes: 10, sha256: "ab", entries: 8, problem: nil)
        ]
        var withValidators = withFiles
        withValidators.attachments[0].type = "docx"
        withValidators.attachments[0].validators = Validators(etag: "\"e\"", lastModified: nil)
        for later in [withFiles, withValidators] {
            let stored = SnapshotCoding.encode(later)
            #expect(SnapshotCoding.layout(stored: stored)?.starts(with: Array("GWS".utf8)) == true)
            #expect(SnapshotCoding.decode(stored, like: Self.earlier) == later)
        }
        let json = try JSONEncoder().encode(withFiles)
        #expect(SnapshotCoding.decode(json, like: Self.earlier) == withFiles)
    }

    @Test func sharesTheStringsAndListsCarriedOver() throws {
        var later = Self.earlier
        later.entries[3].progress[1] = Self.text("进展丙4")
        let read = try #require(SnapshotCoding.decode(SnapshotCoding.encode(later), like: Self.earlier))
        #expect(read == later)
        for (row, entry) in read.entries.enumerated() {
            let before = Self.earlier.entries[row]
            #expect(Self.storage(entry.task) == Self.storage(before.task), "row \(row)")
            #expect(Self.storage(entry.key) == Self.storage(before.key), "row \(row)")
            #expect(Self.storage(entry.leadUnits) == Self.storage(before.leadUnits), "row \(row)")
            #expect(Self.storage(entry.extras["时间节点"]!) == Self.storage(before.extras["时间节点"]!), "row \(row)")
            // Only the changed item is made anew; its list too.
            #expect(Self.storage(entry.progress[0]) == Self.storage(before.progress[0]), "row \(row)")
            #expect((Self.storage(entry.progress[1]) == Self.storage(before.progress[1])) == (row != 3), "row \(row)")
            #expect((Self.storage(entry.progress) == Self.storage(before.progress)) == (row != 3), "row \(row)")
        }
        // Rows moved further than the rows around their place: found where they are.
        var moved = Self.earlier
        moved.entries.insert(contentsOf: [Self.entry(97), Self.entry(98), Self.entry(99)], at: 0)
        let readMoved = try #require(SnapshotCoding.decode(SnapshotCoding.encode(moved), like: Self.earlier))
        for (row, before) in Self.earlier.entries.enumerated() {
            #expect(Self.storage(readMoved.entries[row + 3].task) == Self.storage(before.task), "row \(row)")
        }
        // Read alone, nothing is shared.
        let alone = try #require(SnapshotCoding.decode(SnapshotCoding.encode(later)))
        #expect(Self.storage(alone.entries[0].task) != Self.storage(Self.earlier.entries[0].task))
    }

    /// A damaged row reads as nil beside an earlier report as alone, never
    /// a trap: every cut of the layout, and every byte set to 0xFF.
    @Test func damagedBytesReadAsNilBesideAnEarlierReport() throws {
        var later = Self.earlier
        later.entries[3].progress.append(Self.text("进展丁4"))
        let layout = SnapshotCoding.layout(later)
        for cut in 4..<layout.count {
            #expect(SnapshotCoding.decode(Data(layout.prefix(cut)), like: Self.earlier) == nil, "cut at \(cut)")
        }
        for index in 4..<layout.count {
            var damaged = layout
            damaged[index] = 0xFF
            let alone = SnapshotCoding.decode(Data(damaged))
            #expect(SnapshotCoding.decode(Data(damaged), like: Self.earlier) == alone, "0xFF at \(index)")
        }
    }

    /// A damaged row naming an extra column twice reads as alone (one
    /// column), not as the earlier report's two columns of as many names.
    @Test func aColumnNamedTwiceIsNotTheEarlierReportsColumns() throws {
        let earlier = DocumentSnapshot(title: "第一期", entries: [Self.entry(1, extras: ["甲": "一", "乙": "二"])])
        var layout = SnapshotCoding.layout(earlier)
        // Sorted by name as written: 乙 (U+4E59) before 甲 (U+7532).
        let pairs =
            [UInt8(2), 3] + Array("乙".utf8) + [3] + Array("二".utf8) + [3] + Array("甲".utf8) + [3]
            + Array("一".utf8)
        let twice =
            [UInt8(2), 3] + Array("甲".utf8) + [3] + Array("一".utf8) + [3] + Array("甲".utf8) + [3]
            + Array("一".utf8)
        let at = try #require(layout.firstRange(of: pairs))
        layout.replaceSubrange(at, with: twice)
        let alone = try #require(SnapshotCoding.decode(Data(layout)))
        #expect(alone.entries[0].extras == ["甲": "一"])
        #expect(SnapshotCoding.decode(Data(layout), like: earlier) == alone)
    }

    /// Where a string's UTF-8 lives (the same address: one storage, shared).
    static func storage(_ text: String) -> UnsafeRawPointer? {
        text.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    static func storage(_ list: [String]) -> UnsafeRawPointer? {
        list.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
}
