import Foundation
import Testing

@testable import GovwatchPublish

/// A series' task digests are kept in a file of its folder, not in the
/// manifest: they read back as they were written, and a manifest that
/// kept them as a dictionary (before 12-08) still reads.
@Suite("Task digests beside a series' pages")
struct TaskDigestsTests {
    @Test func digestsReadBackByName() {
        let digests = Dictionary(
            uniqueKeysWithValues: (0..<157).map { (SiteLayout.taskName("任务\($0)"), String(format: "%032x", $0 * 7919)) }
        )
        let written = TaskDigests(digests)
        #expect(TaskDigests(text: written.text).byName == digests)
        #expect(written.text.split(separator: "\n").count == 157)
        #expect(TaskDigests([:]).byName.isEmpty)
        // A damaged line is skipped, not misread.
        #expect(TaskDigests(text: "a b\nbroken\nc d\n").byName == ["a": "b", "c": "d"])
    }

    @Test func aManifestThatKeptThemAsADictionaryStillReads() throws {
        let old = Data(
            #"{"key":"k","title":"报告","folder":"series/a","parts":"a.1","reports":[],"units":{},"newest":"","lagging":0,"taskInputs":{"task-0050598a4b74d066.html":"def5bd2304fd1d70dda6260d63f315ca"}}"#
                .utf8)
        let read = try JSONDecoder().decode(SeriesRecord.self, from: old)
        #expect(read.key == "k" && read.folder == "series/a")
        #expect(!(String(decoding: try JSONEncoder().encode(read), as: UTF8.self).contains("taskInputs")))
    }
}
