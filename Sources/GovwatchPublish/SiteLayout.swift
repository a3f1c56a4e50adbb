import GovwatchCore

/// Where each page of the site is, from the top of the tree. Names are
/// hashes of what a page is about (a URL, a series, a unit's folded name),
/// so a page keeps its address across builds.
enum SiteLayout {
    static let manifest = ".site.json"
    /// The manifest's version, the last alert the site shows and the
    /// manifest's size, beside it in the same tree (so always the
    /// manifest's): what an update with nothing new reads instead of the
    /// whole manifest (``SiteBuild/shownSequence(_:)``).
    static let mark = ".site.mark"
    static let index = "index.html"
    /// In a series' folder: what its task pages were made from
    /// (``TaskDigests``); a dot file, which neither `serve` nor an export shows.
    static let taskDigests = ".task-digests"
    static let search = "search.html"
    /// Every lagging task of each series' latest report.
    static let lagging = "lagging.html"
    /// A series' lagging tasks in its latest report, in its folder.
    static let laggingTasks = "lagging.json"
    static let feed = "feed.atom"
    static let unitList = "units.js"

    static func seriesFolder(_ key: String) -> String { "series/" + StableHash.hex(of: [key]) }
    /// A series folder's name in `site.series/` (its link there): the
    /// folder without `series/`.
    static func seriesLink(_ folder: String) -> String { String(folder.dropFirst("series/".count)) }

    /// Within the series' folder.
    static func reportName(_ url: String) -> String { StableHash.hex(of: [url]) }
    static func taskName(_ identity: String) -> String { rowAnchor(identity) + ".html" }
    /// A task's row on a report page (`report.html#task-…`), named as its page.
    static func rowAnchor(_ identity: String) -> String { "task-" + StableHash.hex(of: [identity]) }
    static let workbook = "reports.xlsx"
    static let searchShard = "search.js"
    /// A lead unit's tasks in a series (`units/<hash>.json` in its folder),
    /// from which the unit's page is made: one file per unit, so a unit
    /// page reads only its own tasks.
    static func unitTasks(_ unit: String) -> String { "units/" + StableHash.hex(of: [unit]) + ".json" }
    /// A unit's tasks by status over the series' latest reports (``StatusPoint``).
    static func unitStatus(_ unit: String) -> String { "units/" + StableHash.hex(of: [unit]) + ".status.json" }

    static func unitPage(_ unit: String) -> String { "units/" + StableHash.hex(of: [unitKey(unit)]) }

    /// What makes two spellings one unit: the name folded, without an alias
    /// in closing brackets (`市发改委(市军民融合办)` is `市发改委`). Brackets
    /// of one or two characters are part of the name (`各县(区)`).
    static func unitKey(_ unit: String) -> String {
        let folded = ComparableText.fold(unit)
        guard folded.hasSuffix(")"), let open = folded.lastIndex(of: "(") else { return folded }
        let alias = folded[folded.index(after: open)..<folded.index(before: folded.endIndex)]
        let base = folded[..<open]
        return alias.count >= 3 && base.count >= 2 ? String(base) : folded
    }
    static func monthPage(_ month: String) -> String { "changes/\(month).html" }

    /// The month (`2024-11`) of an RFC 3339 time in local time.
    static func month(of rfc3339: String, _ time: LocalTime) -> String? {
        Timestamp(rfc3339: rfc3339).map { String(time.display($0).prefix(7)) }
    }

    /// A task's identity in its series: its folded text (序号 change between reports).
    static func identity(_ task: String) -> String { ComparableText.fold(task) }
}
