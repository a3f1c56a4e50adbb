import Foundation
import GovwatchFiles

/// Writes the site so that a reader never sees a half-written page.
///
/// `dir` is a symbolic link to a tree (`site.<id>`) of the top pages, the
/// unit pages and the change log. A build writes a new tree beside it,
/// then switches `dir` to it with one rename, then removes the old tree;
/// unchanged unit and month pages are carried into the new tree as hard
/// links. Each series' pages (its reports, tasks, downloads) live in a
/// folder of their own, `site.series/<series>.<id>`, reached through the
/// link `site.series/<series>` (the tree's `series` links to
/// `site.series`): a build writes folders only for the series it rebuilt
/// and switches their links the same way, before the tree. So a changed
/// report costs its series, its units and the top pages, not the site.
public enum SiteWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// One build's output.
    struct Build {
        /// The tree's folder name (`site.<id>`), beside the site's link.
        var tree: String
        /// Files of the tree outside `series/`, by path from its top.
        var files: [String: SiteFile]
        /// Files already written into the tree as the build went
        /// (``writeTreeFiles(_:tree:site:)``), by path from its top.
        var written: Set<String> = []
        /// Folders of the current tree whose files are kept when `files`
        /// has no new version of them and `dropped` does not name them.
        var carried: [String] = ["units", "changes"]
        var dropped: Set<String> = []
        /// New series folders (`<series>.<id>`), already written whole by
        /// ``writePart(_:folder:site:)`` under their partial names.
        var parts: Set<String>
        /// Every series of the site (`<series>`) → its folder's name.
        var series: [String: String]
    }

    static let seriesFolder = "site.series"

    /// The folder (`<series>.<id>`) the site `dir` shows for `series` now.
    static func seriesTarget(_ series: String, site dir: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(
            atPath: split(dir).parent + "/" + seriesFolder + "/" + series)
    }

    /// Serializes builds (the daemon's and `govwatch site build`'s) on `dir`.
    static func lock(_ dir: String) throws(Failure) -> FileLock {
        let (parent, name) = split(dir)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            return try FileLock(path: parent + "/.\(name).lock")
        } catch { throw Failure(description: "cannot lock the site \(dir): \(error)") }
    }

    static func write(_ build: Build, to dir: String) throws(Failure) {
        let (parent, name) = split(dir)
        let fileManager = FileManager.default
        let previous = try? fileManager.destinationOfSymbolicLink(atPath: dir)
        if previous == nil, fileManager.fileExists(atPath: dir) {
            throw Failure(description: "\(dir) exists and is not the site's link; move it away")
        }
        let tree = build.tree
        let treePath = parent + "/" + tree
        let seriesPath = parent + "/" + seriesFolder
        // What this build wrote, removed again when it fails (a full disk
        // must get its space back), and the series links it switched.
        var written: [String] = []
        var switched: [(link: String, before: String?)] = []
        do {
            try makeFolder(seriesPath)
            // Series folders were written as the build went (writePart),
            // under a dot name that neither `serve` nor nginx answers.
            for folder in build.parts { written.append(seriesPath + "/" + partial(folder)) }
            written.append(treePath)
            // The top pages are always written: the index's footer says when the site was built.
            try writeFiles(build.files, into: treePath)
            if previous != nil { try carry(build, from: dir, into: treePath) }
            try SystemCall.symlink("../" + seriesFolder, at: treePath + "/series")
            // Every page is on disk before any link points at it: one
            // syncfs for the thousands of files a build writes, instead of
            // an fsync each. A crash then leaves the old site or the new.
            try SystemCall.syncFileSystem(parent)
            for folder in build.parts {
                written.append(seriesPath + "/" + folder)
                try SystemCall.rename(seriesPath + "/" + partial(folder), seriesPath + "/" + folder)
            }
            for (series, folder) in build.series where build.parts.contains(folder) {
                let link = seriesPath + "/" + series
                let before = try? fileManager.destinationOfSymbolicLink(atPath: link)
                try switchLink(link, to: folder)
                switched.append((link, before))
            }
            try SystemCall.syncDirectory(seriesPath)
            try switchLink(dir, to: tree)
            try SystemCall.syncDirectory(parent)
        } catch {
            for (link, before) in switched.reversed() {
                if let before { try? switchLink(link, to: before) } else { SystemCall.unlink(link) }
            }
            for path in written { try? fileManager.removeItem(atPath: path) }
            throw Failure(description: "cannot write the site into \(treePath): \(error)")
        }
        // Only a tree this writer made is removed: a link someone pointed
        // elsewhere (`../www`) leaves its old target alone.
        if let previous, previous != tree, previous.hasPrefix(name + "."), !previous.contains("/") {
            try? fileManager.removeItem(atPath: parent + "/" + previous)
        }
        removeUnused(in: seriesPath, keeping: build.series)
        removeAbandoned(in: parent, name: name, current: tree)
    }

    /// Removes trees and temporary links a build left when the process
    /// stopped midway (`site.<id>`, `site.<id>.new`): only names this
    /// writer makes, so nothing else beside the site is touched.
    static func removeAbandoned(in parent: String, name: String, current: String) {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry != current {
            guard entry.hasPrefix(name + ".") else { continue }
            var id = entry.dropFirst(name.count + 1)
            if id.hasSuffix(".new") { id = id.dropLast(4) }
            guard id.count == 8, id.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    /// Points `link` at `target` in one rename (a new link, then over the
    /// old). The caller fsyncs the folder holding `link`.
    static func switchLink(_ link: String, to target: String) throws {
        let temporary = link + ".\(newID()).new"
        do {
            try SystemCall.symlink(target, at: temporary)
            try SystemCall.rename(temporary, link)
        } catch {
            SystemCall.unlink(temporary)
            throw Failure(description: "cannot switch \(link) to \(target): \(error)")
        }
    }

    /// Writes a series' folder now, under its partial name, so that a build
    /// holds one series' pages at a time, not the whole site's. A failure
    /// removes what it wrote; ``write(_:to:)`` renames the folder into place.
    /// `previous`: the series' folder in the current site, whose unchanged
    /// pages are linked (``writePage(_:to:previous:)``).
    static func writePart(
        _ files: [String: SiteFile], folder: String, site dir: String, previous: String? = nil
    ) throws(Failure) {
        let path = partPath(folder, site: dir)
        do {
            try makeFolder(split(dir).parent + "/" + seriesFolder)
            try writeFiles(files, into: path, previous: previous)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw Failure(description: "cannot write the site's series \(folder): \(error)")
        }
    }

    /// Writes pages of the tree (unit pages, months of the change log) now,
    /// into the tree no link points at yet, so that a build holds a batch
    /// of them at a time; ``write(_:to:)`` completes the tree and switches
    /// to it, ``discard(_:tree:site:)`` removes it.
    static func writeTreeFiles(_ files: [String: SiteFile], tree: String, site dir: String) throws(Failure) {
        let path = split(dir).parent + "/" + tree
        do { try writeFiles(files, into: path, previous: dir) } catch {
            throw Failure(description: "cannot write the site into \(path): \(error)")
        }
    }

    /// The name of a new tree for the site `dir` (`site.<id>`).
    static func newTree(_ dir: String) -> String { split(dir).name + "." + newID() }

    /// Removes the series folders and the tree written for a build that did not finish.
    static func discard(_ parts: Set<String>, tree: String, site dir: String) {
        for folder in parts { try? FileManager.default.removeItem(atPath: partPath(folder, site: dir)) }
        try? FileManager.default.removeItem(atPath: split(dir).parent + "/" + tree)
    }

    /// Where a series folder of the build in progress is (its partial name).
    static func partPath(_ folder: String, site dir: String) -> String {
        split(dir).parent + "/" + seriesFolder + "/" + partial(folder)
    }

    /// The name a series folder is written under until it is whole.
    static func partial(_ folder: String) -> String { "." + folder + ".partial" }

    /// Removes series folders and links the site no longer uses (and
    /// partial folders a build stopped midway left).
    static func removeUnused(in seriesPath: String, keeping series: [String: String]) {
        let used = Set(series.keys).union(series.values)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: seriesPath)) ?? []
        where !used.contains(entry) {
            try? FileManager.default.removeItem(atPath: seriesPath + "/" + entry)
        }
    }

    /// Pages are 0644 and folders 0755 whatever the umask: a web server
    /// reads them as another user, and nothing there is writable by it.
    static let pageMode: mode_t = 0o644
    static let folderMode: mode_t = 0o755

    /// Writes `files` into `folder`; those that `previous` (the folder
    /// they replace) has unchanged are linked from it.
    static func writeFiles(_ files: [String: SiteFile], into folder: String, previous: String? = nil) throws {
        var made: Set<String> = []
        try makeFolder(folder)
        made.insert(folder)
        for (path, file) in files {
            let full = folder + "/" + path
            var directory = Folder.containing(full)
            var missing: [String] = []
            while directory != folder, made.insert(directory).inserted {
                missing.append(directory)
                directory = Folder.containing(directory)
            }
            for directory in missing.reversed() { try makeFolder(directory) }
            try write(file, to: full, previous: previous.map { $0 + "/" + path })
        }
    }

    /// Writes one file at `full`; `previous` is the file it replaces. A
    /// kept file is linked from it, and made only when it is missing there.
    static func write(_ file: SiteFile, to full: String, previous: String?) throws {
        switch file {
        case let .text(text): try writePage(Array(text.utf8), to: full, previous: previous)
        case let .bytes(bytes): try writePage(bytes, to: full, previous: previous)
        case let .kept(make):
            SystemCall.unlink(full)
            if let previous, (try? SystemCall.link(previous, as: full)) != nil { return }
            try write(make(), to: full, previous: nil)
        case let .workbook(workbook):
            SystemCall.unlink(full)
            try workbook.write(to: full)
            try SystemCall.check("chmod", full) { chmod(full, pageMode) }
        }
    }

    /// A folder of the site, 0755 whatever the umask.
    static func makeFolder(_ path: String) throws(SystemCallError) {
        try SystemCall.makeDirectory(path, mode: folderMode)
        try SystemCall.check("chmod", path) { chmod(path, folderMode) }
    }

    /// A page, 0644 whatever the umask (not synced here: the build syncs
    /// the file system once before any link points at its pages).
    static func writePage(_ bytes: [UInt8], to path: String) throws(SystemCallError) {
        let fd = try SystemCall.open(path, O_WRONLY | O_CREAT | O_TRUNC, pageMode)
        defer { SystemCall.close(fd) }
        try SystemCall.check("fchmod", path) { fchmod(fd, pageMode) }
        try SystemCall.writeAll(fd, bytes, path: path)
    }

    /// Hard-links the kept files of the current tree into the new one.
    static func carry(_ build: Build, from dir: String, into tree: String) throws {
        let fileManager = FileManager.default
        for folder in build.carried {
            guard let names = try? fileManager.contentsOfDirectory(atPath: dir + "/" + folder) else { continue }
            try makeFolder(tree + "/" + folder)
            for name in names {
                let path = folder + "/" + name
                guard build.files[path] == nil, !build.written.contains(path), !build.dropped.contains(path) else {
                    continue
                }
                do { try SystemCall.link(dir + "/" + path, as: tree + "/" + path) } catch {
                    try fileManager.copyItem(atPath: dir + "/" + path, toPath: tree + "/" + path)
                }
            }
        }
    }

    static func split(_ dir: String) -> (parent: String, name: String) {
        let trimmed = dir.hasSuffix("/") && dir.count > 1 ? String(dir.dropLast()) : dir
        let parent = (trimmed as NSString).deletingLastPathComponent
        return (parent.isEmpty ? "." : parent, (trimmed as NSString).lastPathComponent)
    }

    static func newID() -> String { UUID().uuidString.prefix(8).lowercased() }
}
