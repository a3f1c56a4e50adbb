import Foundation
import Testing

@testable import GovwatchSpool

/// The spool's file names are read in one place: what consumers see and
/// what the notifiers read back.
@Suite("Spool files")
struct HeldFilesTests {
    @Test func heldFilesAreOldestFirstOnceEachAndIgnoreStrangers() throws {
        let root = NSTemporaryDirectory() + "held-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let spool = try MaildirSpool(directory: root)
        #expect(
            spool.deliver([
                MaildirSpool.Alert(id: "b", epochSeconds: 1_700_000_200, json: Array("{\"id\":\"b\"}\n".utf8)),
                MaildirSpool.Alert(id: "a", epochSeconds: 1_700_000_100, json: Array("{\"id\":\"a\"}\n".utf8)),
            ]).written == 2)
        // A consumer moved `a` to cur/ with maildir flags; another copy of it is mid-move.
        try FileManager.default.moveItem(
            atPath: root + "/new/1700000100.a.json", toPath: root + "/cur/1700000100.a.json:2,S")
        try Data().write(to: URL(fileURLWithPath: root + "/new/1700000100.a.json"))
        try Data().write(to: URL(fileURLWithPath: root + "/new/notes.txt"))
        try Data().write(to: URL(fileURLWithPath: root + "/new/x.y.json"))
        let files = try spool.heldFiles()
        #expect(files.map(\.id) == ["a", "b"])
        #expect(files.map(\.epochSeconds) == [1_700_000_100, 1_700_000_200])
        #expect(spool.contents(of: files[1]).map { String(decoding: $0, as: UTF8.self) } == "{\"id\":\"b\"}\n")
        #expect(try spool.contains(id: "a") && !spool.contains(id: "c"))
    }

    @Test func namesParseAsTheyAreWritten() {
        let name = MaildirSpool.fileName(id: "0123abcd", epochSeconds: 1_800_000_000)
        #expect(name == "1800000000.0123abcd.json")
        #expect(MaildirSpool.parse(name)?.id == "0123abcd")
        #expect(MaildirSpool.parse(name + ":2,S")?.epochSeconds == 1_800_000_000)
        #expect(MaildirSpool.parse("1800000000..json") == nil)
        #expect(MaildirSpool.parse("later.0123abcd.json") == nil)
    }
}
