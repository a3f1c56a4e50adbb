import Foundation

/// Writes the site so that a reader never sees a half-written one: the
/// pages go into a new folder beside it, then `dir` (a symbolic link) is
/// switched to that folder with one rename, and the previous folder is
/// removed. A web server or a browser following `dir` sees the old site or
/// the new one, never a mix.
public enum SiteWriter {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func write(_ pages: [String: String], to dir: String) throws(Failure) {
        let parent = (dir as NSString).deletingLastPathComponent
        let name = (dir as NSString).lastPathComponent
        let fileManager = FileManager.default
        let tree = "\(name).\(UUID().uuidString.prefix(8).lowercased())"
        let treePath = (parent as NSString).appendingPathComponent(tree)
        do {
            try fileManager.createDirectory(atPath: treePath, withIntermediateDirectories: true)
            for (path, html) in pages {
                let file = (treePath as NSString).appendingPathComponent(path)
                try fileManager.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(html.utf8).write(to: URL(fileURLWithPath: file))
            }
        } catch {
            try? fileManager.removeItem(atPath: treePath)
            throw Failure(description: "cannot write the site into \(treePath): \(error.localizedDescription)")
        }
        let previous = try? fileManager.destinationOfSymbolicLink(atPath: dir)
        if previous == nil, fileManager.fileExists(atPath: dir) {
            try? fileManager.removeItem(atPath: treePath)
            throw Failure(description: "\(dir) exists and is not the site's link; move it away")
        }
        let link = (parent as NSString).appendingPathComponent(".\(name).link")
        try? fileManager.removeItem(atPath: link)
        guard symlink(tree, link) == 0, rename(link, dir) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fileManager.removeItem(atPath: treePath)
            throw Failure(description: "cannot switch \(dir) to the new site: \(reason)")
        }
        // Only a tree this writer made is removed: a link someone pointed
        // elsewhere (`../www`) leaves its old target alone.
        if let previous, previous != tree, previous.hasPrefix(name + "."), !previous.contains("/") {
            try? fileManager.removeItem(atPath: (parent as NSString).appendingPathComponent(previous))
        }
    }
}
