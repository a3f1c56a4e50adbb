import Foundation
import Testing

@testable import GovwatchSpool

@Suite("Spool and alert log batches")
struct SpoolBatchTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "govwatch-spool-\(UInt32.random(in: 0 ... .max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func line(_ id: String) -> [UInt8] { Array("{\"id\":\"\(id)\",\"kind\":\"document.changed\"}".utf8) }

    @Test func aBatchWritesOnlyTheAlertsNotAlreadySpooled() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spool = try MaildirSpool(directory: root + "/spool")
        #expect(try spool.deliver(id: "b", epochSeconds: 1, json: Self.line("b")))
        // A consumer has moved "b" to cur/ and flagged it.
        try FileManager.default.moveItem(atPath: root + "/spool/new/1.b.json", toPath: root + "/spool/cur/1.b.json:2,S")
        let batch = spool.deliver(
            ["a", "b", "c"].map { MaildirSpool.Alert(id: $0, epochSeconds: 2, json: Self.line($0)) })
        #expect(batch.error == nil)
        #expect(batch.stored == 3)
        #expect(batch.written == 2)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: root + "/spool/new").sorted() == [
                "2.a.json", "2.c.json",
            ])
        #expect(try spool.contains(id: "b"))
    }

    @Test func theLogSkipsIdsInItsTailAndCutsATornLine() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let log = AlertLog(path: root + "/alerts.jsonl")
        try log.append([("a", Self.line("a")), ("b", Self.line("b"))])
        // A crash mid-append left half a line for "c".
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        handle.seekToEndOfFile()
        handle.write(Data(Self.line("c").prefix(9)))
        try handle.close()
        try log.append([("b", Self.line("b")), ("c", Self.line("c")), ("d", Self.line("d"))])
        let lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == ["a", "b", "c", "d"].map { String(decoding: Self.line($0), as: UTF8.self) })
    }

    /// The log's tail is read for ids once per append: exactly the ids a
    /// line has as `"id":"…"` or `"id" : "…"`, whole, and nothing quoted
    /// inside a value or cut off at the tail's start.
    @Test func theTailsIdsAreTheIdsItsLinesHave() {
        let tail = Array(
            (#"d":"cut","x":1}"# + "\n" + #"{"id":"abc","kind":"a"}"# + "\n" + #"{ "id" : "de f", "n" : 2 }"#
                + "\n" + #"{"id":"","t":"say \"id\":\"hidden\""}"# + "\n" + #"{"note":"id","id":"ab"}"# + "\n"
                + #"{"id":"unclosed"#).utf8)
        let ids = Set(AlertLog.ids(in: tail).map { String(decoding: $0, as: UTF8.self) })
        #expect(ids == ["abc", "de f", "", "ab"])
        #expect(AlertLog.ids(in: []).isEmpty)
    }

    @Test func batchesFitInTheSearchedTail() {
        let sizes = [100, AlertLog.tailBytes / 2, AlertLog.tailBytes / 2, AlertLog.tailBytes * 2, 10]
        let batches = AlertLog.batches(sizes) { $0 }
        #expect(batches == [[100, AlertLog.tailBytes / 2], [AlertLog.tailBytes / 2], [AlertLog.tailBytes * 2], [10]])
        for batch in batches where batch.count > 1 { #expect(batch.reduce(0) { $0 + $1 + 1 } <= AlertLog.tailBytes) }
    }
}
