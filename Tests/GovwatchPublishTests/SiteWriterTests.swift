import Foundation
import GovwatchFiles
import Testing

@testable import GovwatchPublish

#if canImport(Glibc)
    import Glibc
#endif

/// How the site is written: a build that fails (a full disk) takes back
/// every byte it wrote and leaves the site as it was. (Modes whatever the
/// umask are checked through the binary, in a process of their own:
/// `OperatorTests`; the umask is the whole process's.)
@Suite("Writing the site", .serialized)
struct SiteWriterTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "sitewriter-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A build of one page and one series, its series folder written as a
    /// build writes it (``SiteWriter/writePart(_:folder:site:)``), then the tree.
    static func write(_ text: String, series: String = "s", to dir: String) throws {
        let folder = "\(series).0000aaaa"
        let tree = SiteWriter.newTree(dir)
        var parts: Set<String> = []
        do {
            try SiteWriter.writePart(["r.html": .text(text)], folder: folder, site: dir)
            parts.insert(folder)
            try SiteWriter.writeTreeFiles(["units/u.html": .text("<p>单位</p>")], tree: tree, site: dir)
            try SiteWriter.write(
                SiteWriter.Build(
                    tree: tree, files: ["index.html": .text(text)], written: ["units/u.html"], parts: parts,
                    series: [series: folder]),
                to: dir)
        } catch {
            SiteWriter.discard(parts, tree: tree, site: dir)
            throw error
        }
    }

    /// On a small file system that the build fills: the write fails with
    /// the reason, the site is as before, and the space is free again.
    @Test func aBuildThatFillsTheDiskTakesBackWhatItWrote() throws {
        guard getuid() == 0 else { return }  // mounting a file system needs root (CI is root)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=1m", "tmpfs", folder]
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return }  // a sandbox that forbids mounts
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [folder]
            try? umount.run()
            umount.waitUntilExit()
        }
        try Self.write("<p>旧</p>", to: folder + "/site")
        // Pages written into the tree as the build went are in the site.
        #expect(try String(contentsOfFile: folder + "/site/units/u.html", encoding: .utf8) == "<p>单位</p>")
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let free = try #require(Folder.freeBytes(folder))
        let huge = String(repeating: "页", count: 400_000)  // 1.2 MB: more than the disk
        #expect(throws: SiteWriter.Failure.self) { try Self.write(huge, series: "t", to: folder + "/site") }
        // The series folder fits, the tree does not: the folder is taken back too.
        let small = String(repeating: "页", count: 100_000)  // 300 KB
        #expect(throws: SiteWriter.Failure.self) {
            try SiteWriter.writePart(["r.html": .text(small)], folder: "u.0000bbbb", site: folder + "/site")
            try SiteWriter.write(
                SiteWriter.Build(
                    tree: SiteWriter.newTree(folder + "/site"), files: ["index.html": .text(huge)],
                    parts: ["u.0000bbbb"], series: ["u": "u.0000bbbb"]),
                to: folder + "/site")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder + "/site.series").sorted() == [
                "s", "s.0000aaaa",
            ])
        #expect(try String(contentsOfFile: folder + "/site/index.html", encoding: .utf8) == "<p>旧</p>")
        #expect(Folder.freeBytes(folder) == free, "every byte the failed build wrote is free again")
    }
}
