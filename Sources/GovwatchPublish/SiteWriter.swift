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
        /// Files of the tree outside `series/`, by path from its top.
        var files: [String: SiteFile]
        /// Folders of the current tree whose files are kept when `files`
        /// has no new version of them and `dropped` does not name them.
        var carried: [String] = ["units", "changes"]
        var dropped: Set<String> = []
        /// New series folders (`<series>.<id>`), by name.
        var parts: [String: [String: SiteFile]]
        /// Every series of the site (`<series>`) → its folder's name.
        var series: [String: String]
    }

    static let seriesFolder = "site.series"

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
        let tree = "\(name).\(newID())"
        let treePath = parent + "/" + tree
        let seriesPath = parent + "/" + seriesFolder
        do {
            try fileManager.createDirectory(atPath: seriesPath, withIntermediateDirectories: true)
            for (folder, files) in build.parts { try writeFiles(files, into: seriesPath + "/" + folder) }
            try writeFiles(build.files, into: treePath)
            if previous != nil { try carry(build, from: dir, into: treePath) }
            try SystemCall.symlink("../" + seriesFolder, at: treePath + "/series")
            // Every page is on disk before any link points at it: one
            // syncfs for the thousands of files a build writes, instead of
            // an fsync each. A crash then leaves the old site or the new.
            try SystemCall.syncFileSystem(parent)
            for (series, folder) in build.series where build.parts[folder] != nil {
                try switchLink(seriesPath + "/" + series, to: folder)
            }
            try SystemCall.syncDirectory(seriesPath)
            try switchLink(dir, to: tree)
            try SystemCall.syncDirectory(parent)
        } catch {
            try? fileManager.removeItem(atPath: treePath)
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

    /// Removes series folders and links the site no longer uses.
    static func removeUnused(in seriesPath: String, keeping series: [String: String]) {
        let used = Set(series.keys).union(series.values)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: seriesPath)) ?? []
        where !used.contains(entry) {
            try? FileManager.default.removeItem(atPath: seriesPath + "/" + entry)
        }
    }

    static func writeFiles(_ files: [String: SiteFile], into folder: String) throws {
        var made: Set<String> = []
        for (path, file) in files {
            let full = folder + "/" + path
            let directory = (full as NSString).deletingLastPathComponent
            if made.insert(directory).inserted {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            switch file {
            case let .text(text): try Data(text.utf8).write(to: URL(fileURLWithPath: full))
            case let .workbook(workbook): try workbook.write(to: full)
            }
        }
    }

    /// Hard-links the kept files of the current tree into the new one.
    static func carry(_ build: Build, from dir: String, into tree: String) throws {
        let fileManager = FileManager.default
        for folder in build.carried {
            guard let names = try? fileManager.contentsOfDirectory(atPath: dir + "/" + folder) else { continue }
            try fileManager.createDirectory(atPath: tree + "/" + folder, withIntermediateDirectories: true)
            for name in names {
                let path = folder + "/" + name
                guard build.files[path] == nil, !build.dropped.contains(path) else { continue }
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
