import Foundation
import GovwatchCore
import GovwatchFiles
import Testing

@testable import GovwatchPublish
@testable import GovwatchStore

/// An update renders a report's page and CSV only when what they are made
/// from (``PageInputs``) is not what the current site's were made from;
/// the others are linked unread. The site it leaves must still be, file
/// for file, the one a full build writes.
@Suite("Pages made from the same inputs kept, not rendered")
struct SitePageInputsTests {
    @Test func noTwoInputsFeedTheHashTheSameBytes() {
        func digest(_ fill: (inout PageInputs) -> Void) -> String {
            var inputs = PageInputs()
            fill(&inputs)
            return inputs.digest
        }
        // Values of one kind at one place: a field's bounds are never lost.
        let lists = [
            digest { $0.add(["ab", "c"]) }, digest { $0.add(["a", "bc"]) }, digest { $0.add(["abc"]) },
            digest { $0.add(["abc", ""]) }, digest { $0.add([""]) }, digest { $0.add([]) },
        ]
        let texts = [
            digest {
                $0.add("a")
                $0.add("bc")
            },
            digest {
                $0.add("ab")
                $0.add("c")
            },
        ]
        let optionals = [
            digest { $0.add(nil as String?) }, digest { $0.add(Optional("")) }, digest { $0.add(Optional("a")) },
        ]
        for digests in [lists, texts, optionals] { #expect(Set(digests).count == digests.count) }
        let digests = lists + texts + optionals
        #expect(digest { $0.add(["ab", "c"]) } == digests[0])
        #expect(digests.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }

    static let titles = [
        "2024年工作任务第一季度完成情况", "2024年工作任务半年度完成情况", "2024年工作任务前三季度完成情况", "2024年工作任务全年完成情况",
    ]

    /// Four reports of a series read, the second's digest taken with
    /// `movements` and `tasks` as given, its snapshot stored as `stored`
    /// (nil: as the store encodes `second`): its neighbours are the first and
    /// the third, and the series' title comes from the fourth.
    static func digest(
        titles: [String] = Self.titles,
        time: LocalTime = .chinaStandardTime, edited: Bool = false,
        second: DocumentSnapshot = SiteLongSeriesTests.report(2), stored: Data? = nil,
        movements: [SeriesModel.Movement?] = [nil, nil], tasks: [Int?] = [0, 1]
    ) -> String {
        let members = titles.enumerated().map { index, title in
            ReportHeading(
                source: "city", url: SiteLongSeriesTests.url(index + 1), title: title,
                publishedAt: "2024-0\(index + 1)-10T00:00:00Z", entryCount: 2, assignment: false)
        }
        var alerts: [Alert] = []
        if edited {
            var new = SiteLongSeriesTests.report(2)
            new.entries[0].progress = ["第1月建成2个。"]
            alerts.append(
                AlertFactory(source: "city", detectedAt: SiteFixture.at("2024-03-01T00:00:00Z")).changed(
                    url: SiteLongSeriesTests.url(2), old: SiteLongSeriesTests.report(2), new: new,
                    diff: DocumentDiffer.diff(old: SiteLongSeriesTests.report(2), new: new)))
        }
        var pages = SeriesPages(
            model: SeriesModel(key: "k", members: members, alerts: alerts), time: time, generatedAt: "")
        let stored = StoredSnapshot(snapshot: second, stored: stored ?? SnapshotCoding.encode(second))
        _ = pages.add(
            [SiteLongSeriesTests.report(1), second, SiteLongSeriesTests.report(3), SiteLongSeriesTests.report(4)].map {
                StoredSnapshot(snapshot: $0, stored: SnapshotCoding.encode($0))
            })
        #expect(pages.model.title == ReportPeriod.seriesName(of: titles[3]))
        return pages.reportInputs(1, report: stored, movements: movements, tasks: tasks)
    }

    /// Each input a report page or CSV is made from, changed alone,
    /// changes the digest.
    @Test func everyInputChangesTheDigest() {
        let report = SiteLongSeriesTests.report(2)
        func changed(_ change: (inout DocumentSnapshot) -> Void) -> DocumentSnapshot {
            var snapshot = report
            change(&snapshot)
            return snapshot
        }
        let titles = Self.titles
        var file = AttachedFile(name: "表.docx", url: "http://h/a.docx", bytes: 10, sha256: "ab", entries: 2)
        let variants: [(String, String)] = [
            ("progress", Self.digest(second: changed { $0.entries[0].progress[0] = "第1月建成2个。" })),
            ("number", Self.digest(second: changed { $0.entries[0].number = "一" })),
            ("section", Self.digest(second: changed { $0.entries[0].section = "一、城市建设" })),
            ("task", Self.digest(second: changed { $0.entries[0].task = "推进海岛公园建设" })),
            ("lead units", Self.digest(second: changed { $0.entries[0].leadUnits = ["市建设局"] })),
            ("supporting", Self.digest(second: changed { $0.entries[0].supportingUnits = ["市财政局"] })),
            ("extras", Self.digest(second: changed { $0.entries[0].extras = ["备注": "无"] })),
            ("kind", Self.digest(second: changed { $0.kind = .assignment })),
            ("attachment", Self.digest(second: changed { $0.attachments = [file] })),
            (
                "attachment's problem",
                Self.digest(
                    second: changed {
                        file.problem = "encrypted"
                        $0.attachments = [file]
                    })
            ),
            ("listed", Self.digest(movements: [.listed, nil])),
            ("moved", Self.digest(movements: [.moved(added: ["第2月建成1个。"]), nil])),
            ("moved other", Self.digest(movements: [.moved(added: ["第1月建成1个。"]), nil])),
            ("unchanged", Self.digest(movements: [.unchanged, nil])),
            ("tasks", Self.digest(tasks: [1, 0])),
            ("no task", Self.digest(tasks: [nil, 1])),
            ("edits", Self.digest(edited: true)),
            ("local time", Self.digest(time: LocalTime(offsetSeconds: 0))),
            ("previous", Self.digest(titles: [titles[0] + "（修订）", titles[1], titles[2], titles[3]])),
            ("next", Self.digest(titles: [titles[0], titles[1], "2024年工作任务1-9月完成情况", titles[3]])),
            ("own title", Self.digest(titles: [titles[0], "2024年工作任务1-6月完成情况", titles[2], titles[3]])),
            ("series title", Self.digest(titles: [titles[0], titles[1], titles[2], "2024年重点工作全年完成情况"])),
        ]
        let all = variants + [("none", Self.digest())]
        #expect(Self.digest() == all.last!.1)
        for (index, (name, digest)) in all.enumerated() {
            let same = all.enumerated().filter { $0.offset != index && $0.element.1 == digest }.map(\.element.0)
            #expect(same.isEmpty, "\(name) has the digest of \(same)")
        }
    }

    /// The bytes a snapshot is stored as stand for its kind, entries and
    /// attached files: other bytes, another digest; the same bytes, the
    /// same. What the bytes do not hold is still an input.
    @Test func theStoredBytesStandForTheSnapshot() {
        let bytes = Data([0x28, 0xB5, 0x2F, 0xFD, 1, 2])
        let stored = Self.digest(stored: bytes)
        #expect(stored == Self.digest(stored: bytes))
        #expect(stored == Self.digest(second: SiteLongSeriesTests.report(3), stored: bytes))
        let others = [
            Self.digest(stored: bytes + [3]), Self.digest(), Self.digest(stored: bytes, movements: [.listed, nil]),
            Self.digest(stored: bytes, tasks: [1, 0]), Self.digest(edited: true, stored: bytes),
            Self.digest(time: LocalTime(offsetSeconds: 0), stored: bytes),
            Self.digest(titles: [Self.titles[0], "2024年工作任务1-6月完成情况", Self.titles[2], Self.titles[3]], stored: bytes),
        ]
        #expect(Set(others + [stored]).count == others.count + 1)
    }

    /// A build that stopped after switching a series' link but before the
    /// site's own leaves a folder the current manifest does not describe:
    /// nothing is kept from it.
    @Test func aFolderTheManifestDoesNotNameKeepsNothing() async throws {
        let (fixture, _, series) = try await SiteLongSeriesTests.built()
        defer { fixture.remove() }
        let folders = fixture.folder + "/state/site.series"
        let name = String(series.folder.dropFirst("series/".count))
        let stray = name + ".0badc0de"
        try FileManager.default.copyItem(atPath: folders + "/" + series.parts, toPath: folders + "/" + stray)
        let page = String(series.reports[9].page.split(separator: "/").last!)
        try Self.mark(folders + "/" + stray + "/" + page)
        // A task page the edit leaves as it was, marked in the stray folder too.
        let park = SiteLayout.taskName(SiteLayout.identity(SiteLongSeriesTests.report(2).entries[0].task))
        try Self.mark(folders + "/" + stray + "/" + park)
        try FileManager.default.removeItem(atPath: folders + "/" + name)
        try FileManager.default.createSymbolicLink(atPath: folders + "/" + name, withDestinationPath: stray)
        #expect(try fixture.file(series.reports[9].page).hasSuffix("<!-- stray -->"))
        let strayWorkbook = try SiteUnchangedPagesTests.inode(folders + "/" + stray + "/" + SiteLayout.workbook)
        var report = SiteLongSeriesTests.report(2)
        report.entries[1].progress = ["已开工3个。"]
        try await fixture.edit(
            SiteLongSeriesTests.url(2), from: SiteLongSeriesTests.report(2), to: report, at: "2026-01-01T00:00:00Z")
        _ = try #require(try await SiteStoreTests.updater(fixture, at: "2024-11-09T04:00:00Z").update())
        #expect(!(try fixture.file(series.reports[9].page).contains("<!-- stray -->")))
        #expect(!(try fixture.file(series.folder + "/" + park).contains("<!-- stray -->")))
        // Nor its workbook, though the edit is older than the workbook's reports.
        let workbook = try SiteUnchangedPagesTests.inode(fixture.site + "/" + series.folder + "/" + SiteLayout.workbook)
        #expect(workbook != strayWorkbook)
    }

    /// A series folder written before task pages' digests were kept beside
    /// them (12-08: they were in the manifest) has no `.task-digests`: its
    /// task pages are rendered, none kept as the folder has them, and the
    /// folder written has the file.
    @Test func aFolderWithoutTaskDigestsKeepsNoTaskPage() async throws {
        let (fixture, _, series) = try await SiteLongSeriesTests.built()
        defer { fixture.remove() }
        let folder = fixture.site + "/" + series.folder
        let park = SiteLayout.taskName(SiteLayout.identity(SiteLongSeriesTests.report(2).entries[0].task))
        try Self.mark(folder + "/" + park)
        try FileManager.default.removeItem(atPath: folder + "/" + SiteLayout.taskDigests)
        var report = SiteLongSeriesTests.report(2)
        report.entries[1].progress = ["已开工3个。"]
        try await fixture.edit(
            SiteLongSeriesTests.url(2), from: SiteLongSeriesTests.report(2), to: report, at: "2026-01-01T00:00:00Z")
        _ = try #require(try await SiteStoreTests.updater(fixture, at: "2024-11-09T04:00:00Z").update())
        #expect(!(try fixture.file(series.folder + "/" + park).contains("<!-- stray -->")))
        #expect(FileManager.default.fileExists(atPath: folder + "/" + SiteLayout.taskDigests))
    }

    /// Appends a mark a page kept as it is would keep.
    static func mark(_ path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("<!-- stray -->".utf8))
        try handle.close()
    }

    /// The binary is part of every digest: a file put in its place (an
    /// upgrade) or written again is another binary.
    @Test func aNewBinaryIsAnotherInput() throws {
        let folder = NSTemporaryDirectory() + "inputs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/govwatch"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let old = try SystemCall.fileIdentity(path)
        #expect(try SystemCall.fileIdentity(path) == old)
        try Data("new!".utf8).write(to: URL(fileURLWithPath: path + ".new"))
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: path + ".new", toPath: path)
        let replaced = try SystemCall.fileIdentity(path)
        #expect(replaced != old)
        // Written again in place, as long as before.
        try Data("new?".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try SystemCall.fileIdentity(path) != replaced)
        #expect(PageInputs.build == (try SystemCall.fileIdentity("/proc/self/exe")))
    }

    /// A long series built whole; then, in one update, an edit to its
    /// second report that gives it the third's progress (the third's
    /// housing task no longer moves) and a new report after its last (the
    /// last gains a link to it).
    static func updated() async throws -> (SiteFixture, SeriesRecord, SeriesRecord) {
        let (fixture, _, series) = try await SiteLongSeriesTests.built()
        var report = SiteLongSeriesTests.report(2)
        report.entries[1].progress = ["已开工3个。"]
        try await fixture.edit(
            SiteLongSeriesTests.url(2), from: SiteLongSeriesTests.report(2), to: report, at: "2026-01-01T00:00:00Z")
        let month = SiteLongSeriesTests.count + 1
        let time = Timestamp(epochSeconds: 1_700_000_000 + Double(month) * 86_400).rfc3339
        let alert = AlertFactory(source: "city", detectedAt: SiteFixture.at(time)).published(
            url: SiteLongSeriesTests.url(month), snapshot: SiteLongSeriesTests.report(month), previous: nil)
        try await fixture.commit(
            "city", at: time, [SiteLongSeriesTests.url(month): SiteLongSeriesTests.report(month)], alerts: [alert])
        // A mark the renderer never writes, in pages of the current site: a
        // kept page still has it, a rendered one does not.
        for report in series.reports {
            let handle = try #require(FileHandle(forWritingAtPath: fixture.site + "/" + report.page))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("<!-- kept -->".utf8))
            try handle.close()
        }
        let outcome = try #require(try await SiteStoreTests.updater(fixture, at: "2024-11-09T04:00:00Z").update())
        #expect(!outcome.full && outcome.seriesBuilt == 1)
        let manifest = try #require(SiteBuild.currentManifest(fixture.site))
        let after = try #require(manifest.series[series.key])
        #expect(after.reports.count == SiteLongSeriesTests.count + 1 && after.reports.allSatisfy { $0.inputs != nil })
        return (fixture, series, after)
    }

    @Test func onlyThePagesWhoseInputsChangedAreRendered() async throws {
        let (fixture, before, after) = try await Self.updated()
        defer { fixture.remove() }
        let last = SiteLongSeriesTests.count - 1
        let rendered = try after.reports.indices.filter { !(try fixture.file(after.reports[$0].page).hasSuffix("-->")) }
        // The edited report, the one after it, the last before the new one, and the new one.
        #expect(rendered == [1, 2, last, last + 1])
        for index in rendered {
            #expect(
                before.reports.indices.contains(index) == false
                    || before.reports[index].inputs != after.reports[index].inputs)
        }
        #expect(try fixture.file(after.reports[1].page).contains("已开工3个"))
        #expect(try fixture.file(after.reports[2].page).contains("进展未更新"))
        #expect(try fixture.file(after.reports[last].page).contains(SiteLayout.reportName(after.reports[last + 1].url)))
    }

    @Test func anUpdateWithKeptPagesWritesWhatAFullBuildWrites() async throws {
        let (fixture, _, after) = try await Self.updated()
        defer { fixture.remove() }
        let updated = fixture.site + "/" + after.folder
        let whole = try await SiteUnchangedPagesTests.builtWhole(fixture) + "/" + after.folder
        let names = SiteUnchangedPagesTests.files(updated)
        #expect(names == SiteUnchangedPagesTests.files(whole))
        for name in names where !name.hasSuffix(".xlsx") {
            // The mark left in kept pages aside (it is not the renderer's).
            let page = try SiteUnchangedPagesTests.timeless(updated + "/" + name)
            let same =
                page.replacingOccurrences(of: "<!-- kept -->", with: "")
                == (try SiteUnchangedPagesTests.timeless(whole + "/" + name))
            #expect(same, "\(name) differs from the full build's")
        }
    }

    /// A page recorded as made from the same inputs that the current site
    /// lacks (removed by hand, say) is rendered, not lost.
    @Test func aKeptPageTheSiteLacksIsRendered() async throws {
        let (fixture, _, series) = try await SiteLongSeriesTests.built()
        defer { fixture.remove() }
        let page = series.reports[9].page
        let csv = String(page.dropLast(".html".count)) + ".csv"
        let text = try fixture.file(page)
        let table = try fixture.file(csv)
        try FileManager.default.removeItem(atPath: fixture.site + "/" + page)
        try FileManager.default.removeItem(atPath: fixture.site + "/" + csv)
        var report = SiteLongSeriesTests.report(2)
        report.entries[1].progress = ["已开工2个，另有1个完成设计。"]
        try await fixture.edit(
            SiteLongSeriesTests.url(2), from: SiteLongSeriesTests.report(2), to: report, at: "2026-01-01T00:00:00Z")
        let untouched = fixture.site + "/" + series.reports[12].page
        let before = try SiteUnchangedPagesTests.inode(untouched)
        _ = try #require(try await SiteStoreTests.updater(fixture).update())
        #expect(try fixture.file(page) == text)
        #expect(try fixture.file(csv) == table)
        // Made from the same inputs as before (so kept, not compared), as a
        // page the site still had, which is linked.
        let after = try #require(SiteBuild.currentManifest(fixture.site)?.series[series.key])
        #expect(after.reports[9].inputs != nil && after.reports[9].inputs == series.reports[9].inputs)
        #expect(try SiteUnchangedPagesTests.inode(untouched) == before)
    }
}
