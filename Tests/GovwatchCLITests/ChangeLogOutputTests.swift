import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The reviewer outputs, from a store filled end to end: a published report
/// in a series, an edited report (with a rewritten item), a removal.
@Suite("govwatch changes, history, feed: golden outputs", .serialized)
struct ChangeLogOutputTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let clean = OnceEndToEndTests.clean
    static let h1Path = OnceEndToEndTests.h1Path
    static let novPath = OnceEndToEndTests.novPath

    /// One workspace for the suite: filling it takes a few cycles.
    nonisolated(unsafe) static let filled: (Workspace, SimulatedSite) = {
        let site = try! SimulatedSite()
        site.publish(.init(path: h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: clean))
        let workspace = try! Workspace(site: site)
        try! workspace.once()
        let later = ReportPage.laterReport(
            from: clean, title: "2021年度市政府工作报告重点工作任务1-11月完成情况",
            indexNumber: "001008009005001/2022-000001", advancing: [1, 72])
        site.publish(.init(path: novPath, title: "2021年度市政府工作报告重点工作任务1-11月完成情况", date: "2022-01-06", html: later))
        try! workspace.once()
        var edited = ReportPage.addProgress("补充：新增慈善基地1处。", toRow: 72, in: clean)
        edited = edited.replacingOccurrences(of: "③万丈塘(中段)提升改造工程完成工程量的39%。", with: "③万丈塘(中段)提升改造工程完成工程量的58%。")
        edited = ReportPage.removeRow(157, in: edited)
        site.edit(h1Path) { $0.html = edited }
        try! workspace.once()
        site.edit(novPath) {
            $0.listed = false
            $0.status = 410
        }
        try! workspace.once()
        return (workspace, site)
    }()

    func run(_ arguments: [String]) throws -> String {
        let (workspace, _) = Self.filled
        let outcome = try GovwatchBinary.run(arguments + ["--config", workspace.configURL.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout
    }

    /// Replaces what differs between runs: the port, times, the temp folder, alert ids.
    func normalized(_ text: String) -> String {
        var text = text
        let patterns = [
            #"127\.0\.0\.1:\d+"#: "127.0.0.1:PORT", #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#: "TIME",
            // Times shown to people (local, to the minute); the seed's own publish time stays.
            #"(?!2022-01-06 10:27)\d{4}-\d\d-\d\d \d\d:\d\d"#: "LOCALTIME",
            #"govwatch-test-[0-9A-F-]+"#: "WORKSPACE",
            // Alert ids hash the URL, whose port differs per run.
            #"\b[0-9a-f]{32}\b"#: "ALERTID",
        ]
        for (pattern, replacement) in patterns {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    /// Compares with `Golden/<name>`; GOVWATCH_UPDATE_GOLDEN=1 rewrites it.
    func expectGolden(_ name: String, _ output: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = Self.golden.appendingPathComponent(name)
        let text = normalized(output)
        if ProcessInfo.processInfo.environment["GOVWATCH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
    }

    @Test func markdownChangeLog() throws {
        let output = try run(["changes", "--format", "markdown"])
        try expectGolden("changes.md", output)
        #expect(output.contains("~~39~~**58**"))
    }

    @Test func htmlChangeLogIsSelfContained() throws {
        let output = try run(["changes", "--format", "html"])
        try expectGolden("changes.html", output)
        #expect(output.contains("<del>39</del><ins>58</ins>"))
        // Nothing a browser would fetch: no scripts, stylesheets, images, frames or CSS urls.
        for forbidden in ["<script", "<link", "<img", "<iframe", "url(", "@import", "src="] {
            #expect(!output.contains(forbidden), "found \(forbidden)")
        }
        #expect(output.contains("<meta name=\"viewport\""))
        #expect(output.contains("Noto Sans CJK SC"))
    }

    @Test func jsonChangeLog() throws {
        let output = try run(["changes", "--format", "json"])
        try expectGolden("changes.json", output)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let log = try #require(object["changeLog"] as? [String: Any])
        let kinds = (log["documents"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
        #expect(kinds == ["document.removed", "document.changed", "document.published", "source.baseline"])
    }

    @Test func filtersByUnitKindAndSince() throws {
        let unit = try run(["changes", "--unit", "市慈善总会", "--format", "markdown"])
        try expectGolden("changes-unit.md", unit)
        #expect(unit.contains("## 名称含「市慈善总会」的单位牵头的任务：1项（见于2期报告，共2条）"))
        let kind = try run(["changes", "--kind", "document.removed", "--format", "json"])
        #expect(kind.contains("document.removed") && !kind.contains("document.changed"))
        let future = try run(["changes", "--since", "2999-01-01", "--format", "json"])
        #expect(future.contains("\"documents\" : [\n\n    ]") || future.contains("\"documents\" : []"))
        // Read by the outbox's time index: a start before everything is the whole log.
        let all = normalized(try run(["changes", "--format", "markdown"]))
        let since = normalized(try run(["changes", "--since", "2000-01-01", "--format", "markdown"]))
        #expect(since == all && all.contains("报告撤下"))
        let recent = normalized(try run(["changes", "--since", "1h", "--format", "markdown"]))
        #expect(recent == all)  // the test's run committed every alert within the hour
    }

    @Test func taskHistoryAcrossTheSeries() throws {
        let markdown = try run(["history", GovwatchBinary.anyURL(Self.filled.1, Self.h1Path), "72"])
        try expectGolden("history-72.md", markdown)
        let json = try run(["history", GovwatchBinary.anyURL(Self.filled.1, Self.h1Path), "72", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let reports = try #require(object["reports"] as? [[String: Any]])
        #expect(reports.count == 2)
        let key = try #require(object["key"] as? String)
        // The same history by key.
        #expect(try run(["history", key, "--format", "json"]) == json)
    }

    @Test func atomFeedIsValidXMLWithStableIDs() throws {
        let first = try run(["feed"])
        try expectGolden("feed.atom", first)
        let second = try run(["feed"])
        #expect(ids(first) == ids(second))
        #expect(ids(first).count == 4)
        #expect(ids(first).allSatisfy { $0.hasPrefix("urn:govwatch:alert:") })
        // The daemon's own copy (state_dir/feed.atom) has the same entries.
        let written = try String(
            contentsOf: Self.filled.0.root.appendingPathComponent("state/feed.atom"), encoding: .utf8)
        #expect(ids(written) == ids(first))
    }

    /// Entry ids, read with Foundation's XML parser (which fails on malformed XML).
    func ids(_ xml: String) -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var ids: [String] = []
            var inEntryID = false
            var text = ""
            var entryDepth = 0
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                if name == "entry" { entryDepth += 1 }
                if name == "id" && entryDepth > 0 {
                    inEntryID = true
                    text = ""
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inEntryID { text += string } }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
            {
                if name == "id" && inEntryID {
                    ids.append(text)
                    inEntryID = false
                }
                if name == "entry" { entryDepth -= 1 }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "feed is not well-formed XML: \(String(describing: parser.parserError))")
        return collector.ids
    }
}

extension GovwatchBinary {
    static func anyURL(_ site: SimulatedSite, _ path: String) -> String { site.url(path) }
}
