import Foundation
import GovwatchFiles

/// A plain copy of the current site for a web root or an object store
/// (`govwatch site export DIR`): every page where its links expect it,
/// no symbolic links, each series once.
///
/// The site itself is a link to a tree whose `series` links to
/// `site.series`, where `<series>` links to `<series>.<id>`: `cp -r`
/// copies the links (dangling in the copy) and `cp -rL` copies each series
/// twice. Here a series folder is copied once, under its link's name, and
/// folders no link points at (old builds, partial ones) are left out.
public enum SiteExport {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What an export wrote.
    public struct Outcome: Sendable, Equatable {
        public var files = 0
        public var bytes = 0
    }

    /// Copies the site at `site` (the link) into `destination`, which must
    /// not exist or be an empty folder. Written beside it first and renamed
    /// into place, so a reader of `destination` never sees half a site.
    public static func export(_ site: String, to destination: String) throws(Failure) -> Outcome {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: site + "/index.html") else {
            throw Failure(description: "no site in \(site) yet: run govwatch site build -c FILE first")
        }
        if let existing = try? fileManager.contentsOfDirectory(atPath: destination), !existing.isEmpty {
            throw Failure(description: "\(destination) is not empty: give a new or empty folder")
        }
        let temporary =
            destination.hasSuffix("/") ? String(destination.dropLast()) + ".export" : destination + ".export"
        var outcome = Outcome()
        do {
            try? fileManager.removeItem(atPath: temporary)
            try copyFolder(site, to: temporary, outcome: &outcome)
            try? fileManager.removeItem(atPath: destination)  // empty, checked above
            try SystemCall.rename(temporary, destination)
        } catch {
            try? fileManager.removeItem(atPath: temporary)
            throw Failure(description: "cannot export the site to \(destination): \(error)")
        }
        return outcome
    }

    /// Copies `source` (links followed) into the new folder `target`,
    /// leaving out dot files (the manifest, partial folders).
    static func copyFolder(_ source: String, to target: String, outcome: inout Outcome) throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(
            atPath: target, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        // In `site.series`, each `<series>` link names its `<series>.<id>`
        // folder: the links are copied, the folders themselves are not.
        let inSeriesStore =
            URL(fileURLWithPath: source).resolvingSymlinksInPath().lastPathComponent == SiteWriter.seriesFolder
        for name in try fileManager.contentsOfDirectory(atPath: source).sorted() where !name.hasPrefix(".") {
            let path = source + "/" + name
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isFolder) else { continue }  // dangling
            if isFolder.boolValue {
                if inSeriesStore, (try? fileManager.destinationOfSymbolicLink(atPath: path)) == nil { continue }
                try copyFolder(path, to: target + "/" + name, outcome: &outcome)
            } else {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                guard
                    fileManager.createFile(
                        atPath: target + "/" + name, contents: data, attributes: [.posixPermissions: 0o644])
                else { throw Failure(description: "cannot write \(target)/\(name)") }
                outcome.files += 1
                outcome.bytes += data.count
            }
        }
    }
}
