import Foundation
import GovwatchCore
import Testing

@testable import GovwatchPublish
@testable import GovwatchStore

/// An update renders a task's page only when what it is made from
/// (``SeriesPages/taskInputs(_:links:)``) is not what the current site's
/// was made from. Whether the site it leaves is the one a full build
/// writes is checked by ``SiteUnchangedPagesTests``.
@Suite("Task pages made from the same inputs kept, not rendered")
struct SiteTaskInputsTests {
    /// The long series (``SiteLongSeriesTests``, 30 monthly reports: six
    /// are older than a task page shows in full), changed by `change`
    /// (its headings and snapshots, oldest first), read whole; the
    /// digests of its two tasks' pages.
    static func digests(
        time: LocalTime = .chinaStandardTime, alerts: [Alert] = [],
        change: (inout [ReportHeading], inout [DocumentSnapshot]) -> Void = { _, _ in }
    ) -> [String] {
        let count = SiteLongSeriesTests.count
        var reports = (1...count).map(SiteLongSeriesTests.report)
        var members = reports.enumerated().map { index, report in
            ReportHeading(
                source: "city", url: SiteLongSeriesTests.url(index + 1), title: report.title,
                publishedAt: report.publishedAt, entryCount: 2, assignment: false)
        }
        change(&members, &reports)
        var pages = SeriesPages(
            model: SeriesModel(key: "k", members: members, alerts: alerts), time: time, generatedAt: "")
        _ = pages.add(reports.map { StoredSnapshot(snapshot: $0, stored: SnapshotCoding.encode($0)) })
        let links = SeriesPages.digest(pages.reportLinks())
        // (A task's text changed past its identity is a third task.)
        #expect(pages.model.tasks.count >= 2 && pages.model.tasks.prefix(2).allSatisfy { !$0.earlier.isEmpty })
        return pages.model.tasks.prefix(2).map { pages.taskInputs($0, links: links) }
    }

    /// An edit to the park task of month `month`'s report.
    static func edit(_ month: Int, at time: String = "2024-12-01T00:00:00Z", to text: String = "第1月建成2个。") -> Alert {
        let old = SiteLongSeriesTests.report(month)
        var new = old
        new.entries[0].progress[0] = text
        return AlertFactory(source: "city", detectedAt: SiteFixture.at(time)).changed(
            url: SiteLongSeriesTests.url(month), old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
    }

    /// Each input of the park task's page, changed alone, changes its
    /// digest (and one of the other task's changes only that one's).
    @Test func everyInputChangesTheDigest() {
        let last = SiteLongSeriesTests.count - 1
        let variants: [(String, [String])] = [
            ("local time", Self.digests(time: LocalTime(offsetSeconds: 0))),
            ("edit", Self.digests(alerts: [Self.edit(last + 1)])),
            ("edit's time", Self.digests(alerts: [Self.edit(last + 1, at: "2024-12-02T00:00:00Z")])),
            ("edit's entry", Self.digests(alerts: [Self.edit(last + 1, to: "第1月建成3个。")])),
            ("older report's edit", Self.digests(alerts: [Self.edit(2)])),
            ("recent report's URL", Self.digests { members, _ in members[last - 1].url += "?v=2" }),
            ("older report's year", Self.digests { members, _ in members[0].publishedAt = "2022-12-31T00:00:00Z" }),
            ("series title", Self.digests { members, _ in members[last].title = "2025年重点工作任务1-6月完成情况" }),
            ("recent report's title", Self.digests { members, _ in members[last - 1].title! += "（修订）" }),
            ("recent report's date", Self.digests { members, _ in members[last - 1].publishedAt! += " " }),
            ("older report's title", Self.digests { members, _ in members[0].title! += "（修订）" }),
            // Only what is new in the oldest report shown in full changes.
            (
                "older report's progress",
                Self.digests { _, reports in reports[last - SeriesModel.window].entries[0].progress.removeLast() }
            ),
            ("older report's number", Self.digests { _, reports in reports[0].entries[0].number = "一" }),
            ("number", Self.digests { _, reports in reports[last - 1].entries[0].number = "一" }),
            ("progress", Self.digests { _, reports in reports[last].entries[0].progress[0] = "第1月建成2个。" }),
            ("new items", Self.digests { _, reports in reports[last - 1].entries[0].progress.removeLast() }),
            ("lead units", Self.digests { _, reports in reports[last - 1].entries[0].leadUnits = ["市建设局"] }),
            ("latest lead units", Self.digests { _, reports in reports[last].entries[0].leadUnits = ["市建设局"] }),
            ("supporting", Self.digests { _, reports in reports[last - 1].entries[0].supportingUnits = ["市财政局"] }),
            ("latest task", Self.digests { _, reports in reports[last].entries[0].task = "推进海岛公园 建设。" }),
            ("one report fewer", Self.digests { _, reports in reports[last].entries.removeFirst() }),
        ]
        let none = Self.digests()
        #expect(Self.digests() == none)
        let all = variants + [("none", none)]
        for (index, (name, digests)) in all.enumerated() {
            let same = all.enumerated().filter { $0.offset != index && $0.element.1[0] == digests[0] }.map(\.element.0)
            #expect(same.isEmpty, "\(name) has the digest of \(same)")
        }
        // The housing task's page reads none of the park task's rows.
        let housing = Self.digests { _, reports in reports[last].entries[0].progress[0] = "第1月建成2个。" }
        #expect(housing[1] == none[1] && housing[0] != none[0])
    }
}
