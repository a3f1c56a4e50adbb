import Foundation
import GovwatchCore
import Testing

@testable import GovwatchStore

@Suite("Stored snapshots")
struct SnapshotCodingTests {
    static let snapshot: DocumentSnapshot = {
        var snapshot = DocumentSnapshot(
            title: "2021年度市政府工作报告重点工作任务半年度完成情况",
            entries: [
                ReportEntry(
                    key: "k1", number: "1", section: "一、疫情防控", task: "慎终如始抓好疫情防控（牵头单位：市疫情防控办）",
                    leadUnits: ["市疫情防控办"], supportingUnits: ["市卫生健康委", "各县(区)政府"],
                    progress: ["①关停整改26家", "②处置输入疫情9起"], extras: ["备注": "✓", "": "空"]),
                ReportEntry(key: "k2", number: nil, section: nil, task: "", leadUnits: [], progress: [], extras: [:]),
            ])
        snapshot.publishedAt = "2022-01-06T10:27:00+08:00"
        snapshot.indexNumber = "001008009005001/2021-187464"
        snapshot.columnName = "市政府工作报告执行"
        snapshot.kind = .assignment
        return snapshot
    }()

    @Test func roundTripsEveryField() throws {
        let data = SnapshotCoding.encode(Self.snapshot)
        #expect(Zstd.isFrame(data))
        #expect(Zstd.decompress(data)?.starts(with: Array("GWS2".utf8)) == true)
        #expect(SnapshotCoding.decode(data) == Self.snapshot)
        // Rows written uncompressed (before 0.3) read as they are.
        #expect(SnapshotCoding.decode(Data(SnapshotCoding.layout(Self.snapshot))) == Self.snapshot)
    }

    /// Rows written by 0.2 (layout 1: no kind, no supporting units), spelled
    /// out byte by byte from the layout's description.
    @Test func readsVersion1Rows() throws {
        var row = Array("GWS1".utf8)
        row += [1, 3] + Array("Tab".utf8)  // title "Tab"
        row += [UInt8](repeating: 0, count: 8)  // the other eight fields: nil
        row += [1]  // one entry
        row += [1] + Array("k".utf8) + [0, 0] + [1] + Array("t".utf8)  // key, no number, no section, task
        row += [1, 1] + Array("A".utf8)  // lead units ["A"]
        row += [1, 2] + Array("p1".utf8)  // progress ["p1"]
        row += [0]  // no extras
        let snapshot = try #require(SnapshotCoding.decode(Data(row)))
        #expect(snapshot.title == "Tab")
        #expect(snapshot.kind == .progress)
        #expect(
            snapshot.entries == [
                ReportEntry(
                    key: "k", number: nil, section: nil, task: "t", leadUnits: ["A"], progress: ["p1"], extras: [:])
            ])
    }

    /// Rows written before the binary layout hold JSON; they must still read.
    @Test func readsLegacyJSON() throws {
        let json = try JSONEncoder().encode(Self.snapshot)
        #expect(SnapshotCoding.decode(json) == Self.snapshot)
    }

    /// The heading (what the site groups reports by) is read without the
    /// entries, from every stored form, and is nil where the row is damaged.
    @Test func headingReadsMetadataKindAndCountAlone() throws {
        let data = SnapshotCoding.encode(Self.snapshot)
        let heading = try #require(SnapshotCoding.heading(data))
        #expect(heading.metadata == Self.snapshot.metadata)
        #expect(heading.kind == .assignment && heading.entryCount == 2)
        let legacy = try #require(SnapshotCoding.heading(try JSONEncoder().encode(Self.snapshot)))
        #expect(legacy.metadata.title == Self.snapshot.title && legacy.entryCount == 2)
        #expect(SnapshotCoding.heading(data.prefix(data.count / 2)) == nil)
        #expect(SnapshotCoding.heading(Data("GWS2".utf8) + [1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == nil)
    }

    /// A report read from attached files keeps them (version 3); one
    /// without stays version 2, byte for byte as before.
    @Test func attachedFilesRoundTripInVersion3() throws {
        var snapshot = Self.snapshot
        snapshot.attachments = [
            AttachedFile(name: "完成情况.docx", url: "http://h/a.docx", bytes: 1222, sha256: "ab", entries: 2),
            AttachedFile(name: "说明.xlsx", url: "http://h/b.xlsx", bytes: 9, sha256: "cd", entries: 0, problem: "why"),
        ]
        #expect(SnapshotCoding.layout(snapshot).starts(with: Array("GWS3".utf8)))
        #expect(SnapshotCoding.decode(SnapshotCoding.encode(snapshot)) == snapshot)
        #expect(SnapshotCoding.heading(SnapshotCoding.encode(snapshot))?.entryCount == 2)
        #expect(SnapshotCoding.layout(Self.snapshot).starts(with: Array("GWS2".utf8)))
        #expect(snapshot.contentHash == Self.snapshot.contentHash)
        let layout = SnapshotCoding.layout(snapshot)
        #expect(SnapshotCoding.decode(Data(layout.dropLast())) == nil)
    }

    /// Files whose servers sent validators keep them (version 4), for the
    /// next check's conditional request; outside the content hash.
    @Test func fileValidatorsRoundTripInVersion4() throws {
        var snapshot = Self.snapshot
        snapshot.attachments = [
            AttachedFile(name: "完成情况.docx", url: "http://h/a.docx", bytes: 1222, sha256: "ab", entries: 2),
            AttachedFile(name: "说明.xlsx", url: "http://h/b.xlsx", bytes: 9, sha256: "cd", entries: 0, problem: "why"),
        ]
        let version3 = SnapshotCoding.layout(snapshot)
        snapshot.attachments[0].validators = Validators(etag: "\"5f-1\"", lastModified: "Tue, 10 Oct 2023 08:00:00 GMT")
        snapshot.attachments[1].lastModified = "Wed, 11 Oct 2023 08:00:00 GMT"
        snapshot.attachments[1].type = "xlsx"
        let layout = SnapshotCoding.layout(snapshot)
        #expect(layout.starts(with: Array("GWS4".utf8)) && version3.starts(with: Array("GWS3".utf8)))
        let decoded = try #require(SnapshotCoding.decode(SnapshotCoding.encode(snapshot)))
        #expect(decoded == snapshot && decoded.attachments[1].etag == nil && decoded.attachments[0].type == nil)
        #expect(SnapshotCoding.heading(SnapshotCoding.encode(snapshot))?.entryCount == 2)
        #expect(snapshot.contentHash == Self.snapshot.contentHash)
        // A version 3 row, as stored before, reads with no validators.
        #expect(SnapshotCoding.decode(Data(version3))?.attachments.allSatisfy(\.validators.isEmpty) == true)
        #expect(SnapshotCoding.decode(Data(layout.dropLast())) == nil)
    }

    /// Only a frame's first 4 KB are decompressed for a heading; one that
    /// runs past them (a very long title) is read from the whole frame.
    @Test func aHeadingPastTheFirstFourKilobytesReadsWhole() throws {
        var snapshot = Self.snapshot
        snapshot.metadata.title = String(repeating: "重点工作任务完成情况", count: 200)
        let heading = try #require(SnapshotCoding.heading(SnapshotCoding.encode(snapshot)))
        #expect(heading.metadata.title == snapshot.metadata.title && heading.entryCount == 2)
        #expect(Zstd.decompressPrefix(SnapshotCoding.encode(snapshot), count: 4096)?.count == 4096)
    }

    /// A damaged row reads as nil (the page is then compared as new), never a trap.
    @Test func damagedBytesReadAsNil() throws {
        let data = SnapshotCoding.encode(Self.snapshot)
        for cut in [4, 5, data.count / 2, data.count - 1] {
            #expect(SnapshotCoding.decode(data.prefix(cut)) == nil, "cut at \(cut)")
        }
        var huge = Data("GWS2".utf8)
        huge.append(contentsOf: [1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])  // a title "longer" than the row
        #expect(SnapshotCoding.decode(huge) == nil)
        #expect(SnapshotCoding.decode(data + [0]) == nil)  // trailing garbage
    }
}
