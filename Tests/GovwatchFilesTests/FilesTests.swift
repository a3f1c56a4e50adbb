import Foundation
import GovwatchCore
import Testing

@testable import GovwatchFiles

/// The file layer: every failure names the call and the path in errno's
/// words, atomic replacement leaves no temporary behind, links switch in
/// one rename, and test hooks come from one value, never the environment.
@Suite("The file layer")
struct FilesTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "files-\(UUID().uuidString)"
        try Folder.create(path)
        return path
    }

    @Test func anAtomicWriteReplacesTheFileAndLeavesNoTemporary() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.write(Array("one".utf8), to: folder + "/f")
        try AtomicFile.write(Array("two".utf8), to: folder + "/f")
        #expect(try SystemCall.readAll(folder + "/f") == Array("two".utf8))
        #expect(try SystemCall.list(folder) == ["f"])
    }

    @Test func aFailedCallNamesTheCallThePathAndErrno() throws {
        let missing = NSTemporaryDirectory() + "files-\(UUID().uuidString)/none/f"
        let error = #expect(throws: SystemCallError.self) { try AtomicFile.write([1], to: missing) }
        #expect(error?.description.hasPrefix("open \(missing).") ?? false)
        #expect(error?.description.hasSuffix(": No such file or directory") ?? false)
        #expect(error?.isNoSpace == false)
    }

    @Test func linksSwitchAndHardLinksShareTheFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.write(Array("a".utf8), to: folder + "/a")
        try SystemCall.symlink("a", at: folder + "/current")
        try SystemCall.link(folder + "/a", as: folder + "/b")
        try SystemCall.syncFileSystem(folder)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/current") == "a")
        #expect(try SystemCall.readAll(folder + "/b") == Array("a".utf8))
        #expect(throws: SystemCallError.self) { try SystemCall.symlink("b", at: folder + "/current") }
    }

    @Test func aFolderThatIsAFileIsNamed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.write([1], to: folder + "/file")
        let error = #expect(throws: SystemCallError.self) { try Folder.create(folder + "/file") }
        #expect(error?.description == "mkdir \(folder)/file: Not a directory")
        #expect(Folder.containing("/a/b/c") == "/a/b")
        #expect(Folder.containing("c") == ".")
        #expect(Folder.containing("/c") == "/")
        #expect(Folder.containing("a/b/") == "a/b")
        #expect(Folder.containing("a//b") == "a/")
        #expect(Folder.containing("//b") == "/")
        #expect(Folder.containing("site/series/\u{4E2D}/\u{301}x.html") == "site/series/\u{4E2D}")
    }

    @Test func aLockIsReleasedWithItsValue() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let lock = try FileLock(path: folder + "/lock")
            withExtendedLifetime(lock) {}
        }
        _ = try FileLock(path: folder + "/lock")  // would block forever if the first were still held
    }

    @Test func testHooksComeFromOneValue() {
        let hooks = TestHooks(environment: [
            "GOVWATCH_TEST_CRASH": "after-spool", "GOVWATCH_TEST_HANG_AFTER_CYCLES": "2",
            "GOVWATCH_NOTIFY_BACKOFF": "1s",
        ])
        #expect(hooks == TestHooks(crashPoint: "after-spool", hangAfterCycles: 2, notifyBackoff: .seconds(1)))
        #expect(TestHooks(environment: [:]) == .none)
        #expect(TestHooks(environment: ["GOVWATCH_TEST_HANG_AFTER_CYCLES": "x"]).hangAfterCycles == nil)
        #expect(TestHooks.none.notifyBackoffBase == .seconds(10))
        CrashPoint(armed: hooks.crashPoint).hit("after-commit")  // another point: the process goes on
        CrashPoint.none.hit("after-spool")
    }
}
