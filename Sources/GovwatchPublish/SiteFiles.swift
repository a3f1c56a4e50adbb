import Foundation
import GovwatchFiles

/// What `govwatch serve` answers for a request path: a file of the site
/// (read-only), found through the site's link as it is at that moment.
public enum SiteFiles {
    public struct Found: Sendable, Equatable {
        public var path: String
        public var contentType: String
    }

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json", "csv": "text/csv; charset=utf-8", "atom": "application/atom+xml",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]

    /// The file for `requestPath` (`/`, `/series/…/x.html?q=1`), or nil:
    /// a path that climbs out (`..`), names a hidden file (the manifest),
    /// a folder or a kind of file the site does not have.
    public static func find(_ requestPath: String, in site: String) -> Found? {
        var path = String(requestPath.split(separator: "?", maxSplits: 1).first ?? "")
        path = path.removingPercentEncoding ?? path
        if path.hasSuffix("/") || path.isEmpty { path += "index.html" }
        let parts = path.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") }),
            let type = contentTypes[(path as NSString).pathExtension]
        else { return nil }
        let file = site + "/" + parts.joined(separator: "/")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), !isFolder.boolValue else {
            return nil
        }
        return Found(path: file, contentType: type)
    }
}
