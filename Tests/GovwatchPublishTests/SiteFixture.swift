import Foundation
import GovwatchCore
import GovwatchStore

/// A store as the daemon leaves it after a year of watching: a series of
/// three reports (the assignment notice, the half-year and the three-quarter
/// report), the half-year report edited after publication (a task's text,
/// a progress item, a lead unit), the three-quarter report unparsed and then
/// read again (its housing task 滞后 in a status column), another year's
/// report, and a failing source.
struct SiteFixture {
    let folder: String
    let store: GovwatchStore
    var site: String { folder + "/state/site" }

    static let notice = "http://h/notice", half = "http://h/h1", third = "http://h/q3", older = "http://h/2023"

    static func entries(_ stage: Int) -> [ReportEntry] {
        let park = ReportEntry(
            key: "a", number: "1", section: "张三市长牵头重点工作", task: "推进海岛公园建设。", leadUnits: ["市文广旅体局"],
            supportingUnits: ["各县(区)政府"],
            progress: [[], ["已建成4个。"], ["已建成4个。", "新建成2个。"]][min(stage, 2)], extras: [:])
        let housing = ReportEntry(
            key: "b", number: "2", section: "张三市长牵头重点工作", task: "建设未来社区5个。", leadUnits: ["市建设局"],
            progress: stage == 0 ? [] : ["已开工3个。"], extras: stage >= 2 ? ["完成状态": "滞后"] : [:])
        let charity = ReportEntry(
            key: "c", number: "3", section: nil, task: "切实加强慈善工作。", leadUnits: ["市民政局(市慈善总会)"],
            progress: stage == 0 ? [] : ["慈善基地建设运营督导完成第\(stage)次。"], extras: [:])
        return [park, housing, charity]
    }

    static func report(_ title: String, _ published: String, kind: ReportKind, _ entries: [ReportEntry])
        -> DocumentSnapshot
    {
        var snapshot = DocumentSnapshot(title: title, entries: entries)
        snapshot.publishedAt = published
        snapshot.kind = kind
        return snapshot
    }

    static let snapshots: [String: DocumentSnapshot] = [
        notice: report(
            "关于印发2024年市政府工作报告重点工作任务责任分解的通知", "2024-02-20T10:00:00+08:00", kind: .assignment, entries(0)),
        half: report("2024年市政府工作报告重点工作任务半年度进展情况", "2024-07-30T10:00:00+08:00", kind: .progress, entries(1)),
        third: report("2024年市政府工作报告重点工作任务前三季度进展情况", "2024-10-30T10:00:00+08:00", kind: .progress, entries(2)),
        older: report("2023年市政府工作报告重点工作任务完成情况", "2023-12-30T10:00:00+08:00", kind: .progress, olderEntries),
    ]

    /// The year before: its housing task was led by a unit since renamed.
    static var olderEntries: [ReportEntry] {
        var entries = entries(1)
        entries[1].leadUnits = ["市住建局"]
        return entries
    }

    /// The half-year report after its edit: task 2's text and lead units, task 1's item.
    static var editedHalf: DocumentSnapshot {
        var snapshot = snapshots[half]!
        snapshot.entries[0].progress = ["已建成5个。"]
        snapshot.entries[1].task = "建设未来社区6个。"
        snapshot.entries[1].leadUnits = ["市建设局", "市发改委"]
        return snapshot
    }

    init() throws {
        folder = NSTemporaryDirectory() + "site-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
        store = try GovwatchStore(path: folder + "/state/govwatch.sqlite")
    }

    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    func commit(_ source: String, at time: String, _ documents: [String: DocumentSnapshot], alerts: [Alert])
        async throws
    {
        var state = try await store.sourceState(source)
        state.lastSuccessAt = Self.at(time)
        let stored = documents.map { url, snapshot in
            StoredDocument(url: url, source: source, snapshot: snapshot, firstSeenAt: Self.at(time))
        }
        try await store.commit(CycleCommit(source: state, documents: stored, alerts: alerts, createdAt: Self.at(time)))
    }

    /// The year as the daemon would have recorded it.
    func record() async throws {
        for (url, time) in [
            (Self.older, "2024-01-02T02:00:00Z"), (Self.notice, "2024-02-20T03:00:00Z"),
            (Self.half, "2024-07-30T03:00:00Z"), (Self.third, "2024-10-30T03:00:00Z"),
        ] {
            let alert = AlertFactory(source: "city", detectedAt: Self.at(time)).published(
                url: url, snapshot: Self.snapshots[url]!, previous: nil)
            try await commit("city", at: time, [url: Self.snapshots[url]!], alerts: [alert])
        }
        try await edit(Self.half, from: Self.snapshots[Self.half]!, to: Self.editedHalf, at: "2024-11-05T01:30:00Z")
        let unparsed = AlertFactory(source: "city", detectedAt: Self.at("2024-11-06T02:00:00Z")).unparsed(
            url: Self.third, last: Self.snapshots[Self.third]!, reason: "no report table: no table header found")
        try await commit("city", at: "2024-11-06T02:00:00Z", [:], alerts: [unparsed])
        let third = Self.snapshots[Self.third]!
        let recovered = AlertFactory(source: "city", detectedAt: Self.at("2024-11-07T02:00:00Z")).recoveredDocument(
            url: Self.third, snapshot: third, diff: nil, hash: third.contentHash, previousHash: third.contentHash)
        try await commit("city", at: "2024-11-07T02:00:00Z", [Self.third: third], alerts: [recovered])
        var failing = try await store.sourceState("district")
        failing.consecutiveFailures = 3
        failing.failingSince = Self.at("2024-11-01T02:00:00Z")
        let alert = AlertFactory(source: "district", detectedAt: Self.at("2024-11-01T03:00:00Z")).failing(
            failures: 3, error: "HTTP 503 from http://h/district", episode: failing.failingSince!)
        try await store.commit(
            CycleCommit(source: failing, documents: [], alerts: [alert], createdAt: Self.at("2024-11-01T03:00:00Z")))
    }

    func edit(_ url: String, from old: DocumentSnapshot, to new: DocumentSnapshot, at time: String) async throws {
        let alert = AlertFactory(source: "city", detectedAt: Self.at(time)).changed(
            url: url, old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
        try await commit("city", at: time, [url: new], alerts: [alert])
    }

    func file(_ path: String) throws -> String { try String(contentsOfFile: site + "/" + path, encoding: .utf8) }

    /// Removes the fixture's files; `GOVWATCH_KEEP_SITE=1` keeps them, to
    /// open its site in a browser (`$TMPDIR/site-*/state/site`).
    func remove() {
        guard ProcessInfo.processInfo.environment["GOVWATCH_KEEP_SITE"] == nil else { return }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
