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
                    leadUnits: ["市疫情防控办"], progress: ["①关停整改26家", "②处置输入疫情9起"], extras: ["备注": "✓", "": "空"]),
                ReportEntry(key: "k2", number: nil, section: nil, task: "", leadUnits: [], progress: [], extras: [:]),
            ])
        snapshot.publishedAt = "2022-01-06T10:27:00+08:00"
        snapshot.indexNumber = "001008009005001/2021-187464"
        snapshot.columnName = "市政府工作报告执行"
        return snapshot
    }()

    @Test func roundTripsEveryField() throws {
        let data = SnapshotCoding.encode(Self.snapshot)
        #expect(data.starts(with: Array("GWS1".utf8)))
        #expect(SnapshotCoding.decode(data) == Self.snapshot)
    }

    /// Rows written before the binary layout hold JSON; they must still read.
    @Test func readsLegacyJSON() throws {
        let json = try JSONEncoder().encode(Self.snapshot)
        #expect(SnapshotCoding.decode(json) == Self.snapshot)
    }

    /// A damaged row reads as nil (the page is then compared as new), never a trap.
    @Test func damagedBytesReadAsNil() throws {
        let data = SnapshotCoding.encode(Self.snapshot)
        for cut in [4, 5, data.count / 2, data.count - 1] {
            #expect(SnapshotCoding.decode(data.prefix(cut)) == nil, "cut at \(cut)")
        }
        var huge = Data("GWS1".utf8)
        huge.append(contentsOf: [1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])  // a title "longer" than the row
        #expect(SnapshotCoding.decode(huge) == nil)
        #expect(SnapshotCoding.decode(data + [0]) == nil)  // trailing garbage
    }
}
