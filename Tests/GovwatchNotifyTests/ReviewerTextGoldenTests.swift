import Foundation
import GovwatchConfig
import GovwatchCore
import Testing

@testable import GovwatchNotify

/// What reviewers read, as golden files: every kind of alert's summary, a
/// group robot's message and a mail's subject and body. Then every golden
/// file a reviewer's text is in (these, and the CLI's change logs, history
/// and feed) is searched for English words and code names.
@Suite("Reviewer texts: golden files without English")
struct ReviewerTextGoldenTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let cliGolden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GovwatchCLITests/Golden")

    /// One alert of each kind a reviewer meets, from the source 舟山市政府.
    static var alerts: [Alert] {
        let factory = AlertFactory(source: "舟山市政府", detectedAt: Timestamp(epochSeconds: 1_764_646_200))
        let entry = ReportEntry(
            key: "k", number: "4", section: nil, task: "建设省级未来社区5个。", leadUnits: ["市建设局"],
            supportingUnits: ["各县(区)政府"], progress: ["已开工3个。"], extras: [:])
        var old = DocumentSnapshot(title: "2025年市政府工作报告重点工作任务半年度进展情况", entries: [entry])
        old.publisher = "市政府办公室"
        var new = old
        new.publisher = "市发改委"
        new.entries[0].leadUnits = ["市建设局", "市发改委"]
        new.entries[0].progress = ["已开工4个。", "新建成1个。"]
        var next = new
        next.title = "2025年市政府工作报告重点工作任务前三季度进展情况"
        next.entries[0].progress.append("完成验收2个。")
        let url = "https://www.zhoushan.gov.cn/art/2025/7/30/art_1229_1.html"
        return [
            factory.baseline(documents: [(url, old.title, 1)]),
            factory.published(url: url + "?q3", snapshot: next, previous: (url, new)),
            factory.changed(url: url, old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new)),
            factory.unparsed(url: url, last: new, reason: "no report table: 3 tables, none with a header"),
            factory.recoveredDocument(url: url, snapshot: new, diff: nil, hash: "h", previousHash: "h"),
            factory.removed(url: url, last: new, title: nil, status: 410),
            factory.failing(
                failures: 3, error: "timed out fetching https://www.zhoushan.gov.cn/col",
                episode: .init(epochSeconds: 0)),
            factory.recovered(failures: 3, episode: .init(epochSeconds: 0)),
        ]
    }

    func expectGolden(_ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = Self.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["GOVWATCH_UPDATE_GOLDEN"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "differs from Golden/\(name)", sourceLocation: sourceLocation)
    }

    @Test func summariesRobotAndMail() throws {
        let alerts = Self.alerts
        try expectGolden("summaries.txt", alerts.map(\.summary).joined(separator: "\n") + "\n")
        try expectGolden("robot.md", NotificationText.markdown(Array(alerts[1...2]), limit: 4000) + "\n")
        try expectGolden(
            "mail.txt",
            "主题：" + NotificationText.title(Array(alerts[1...2]), prefix: nil) + "\n\n"
                + NotificationText.plain(Array(alerts[1...2])) + "\n")
    }

    /// Operator-chosen source names in the CLI's goldens, and the
    /// placeholders those goldens put where times and ports vary.
    static let allowed: Set<String> = ["report-execution", "LOCALTIME", "PORT", "TIME"]

    /// ASCII words left in a reviewer's text once URLs, markup, entities
    /// and numbers are taken out.
    static func englishWords(_ text: String) -> [String] {
        var text = text
        for (pattern, replacement) in [
            ("<style>[\\s\\S]*?</style>", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&amp;", "&"),
            ("https?://[^\\s<>\"）)]+", " "), ("urn:[^\\s<>]+", " "), ("<[^>]*>", " "), ("&#?\\w+;", " "),
        ] {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        let words = text.split { !($0.isASCII && ($0.isLetter || $0 == "-")) }.map(String.init)
        return words.filter { $0.count > 1 && $0.contains(where: \.isLetter) && !allowed.contains($0) }
    }

    @Test func reviewerTextsHaveNoEnglishWordsOrCodeNames() throws {
        #expect(
            Self.englishWords("see publisher and document.changed at http://a/b 3.5%") == [
                "see", "publisher", "and", "document", "changed", "at",
            ])
        let files =
            ["summaries.txt", "robot.md", "mail.txt"].map { Self.golden.appendingPathComponent($0) }
            + ["changes.md", "changes-unit.md", "changes.html", "history-72.md", "feed.atom"].map {
                Self.cliGolden.appendingPathComponent($0)
            }
        for file in files {
            var text = try String(contentsOf: file, encoding: .utf8)
            if file.pathExtension == "atom" {
                // The feed's own markup: what a feed reader shows is titles, content and labels
                // (the generator's name is for programs).
                text = text.replacingOccurrences(
                    of: "<generator>[^<]*</generator>", with: " ", options: .regularExpression)
                text = text.replacingOccurrences(
                    of:
                        "<(\\?xml|feed|/feed|id|/id|updated|/updated|published|/published|generator|/generator|category)[^>]*>",
                    with: " ", options: .regularExpression)
            }
            #expect(Self.englishWords(text).isEmpty, "\(file.lastPathComponent): \(Self.englishWords(text))")
        }
    }
}
