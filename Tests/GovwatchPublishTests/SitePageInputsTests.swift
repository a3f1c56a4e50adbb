import Foundation
import GovwatchCore
import GovwatchFiles
import Testing

@testable import GovwatchPublish

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
        #expect(try SystemCall.fileIdentity(path) != old)
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
        var settings = SiteUpdater.Settings(
            directory: fixture.folder + "/full/site", title: "政务公开监测提醒", time: .chinaStandardTime,
            sources: ["city", "district"])
        settings.sourceTitles = ["district": "某区政府信息公开"]
        _ = try await SiteUpdater(store: fixture.store, settings: settings) { SiteFixture.at("2024-11-10T04:00:00Z") }
            .rebuild()
        let updated = fixture.site + "/" + after.folder
        let whole = settings.directory + "/" + after.folder
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
        _ = try #require(try await SiteStoreTests.updater(fixture).update())
        #expect(try fixture.file(page) == text)
        #expect(try fixture.file(csv) == table)
    }
}
