import Foundation
import GovwatchCore

/// A file of the site: text (HTML, CSV, JSON, script), a workbook that
/// libxlsxwriter writes straight to disk, or a file (page, CSV or
/// workbook) made from what the current site's was made from
/// (``PageInputs``, ``Workbook/inputs``): linked from it unread, made only
/// when the current site lacks it.
enum SiteFile: Sendable {
    case text(String)
    /// Text as its UTF-8 bytes (a report's CSV, made as bytes).
    case bytes([UInt8])
    case workbook(Workbook)
    case kept(make: @Sendable () -> SiteFile)
}

/// What the site remembers of its last build (`.site.json` at the top of
/// the tree): enough to rebuild only what a change touches. A manifest of
/// another version, or none, means a full build (when an alert comes, if
/// the site's mark says this version: ``SiteBuild/shownSequence(_:)``).
struct SiteManifest: Codable, Sendable, Equatable {
    /// 2: a file of tasks per unit in each series folder (was one `units.json`).
    /// 3: series count their latest report's lagging tasks (`lagging`).
    /// Raise it with any change to what the manifest holds: a site whose
    /// mark names this version is taken as current without reading it.
    static let currentVersion = 3
    var version = SiteManifest.currentVersion
    /// By series key.
    var series: [String: SeriesRecord] = [:]
    /// Change-log months with records (`2024-11`), newest first.
    var months: [String] = []
    /// The last outbox alert the site shows: the next update starts after
    /// it, so alerts delivered while no update ran (a crash, a full disk)
    /// are still shown later.
    var lastSequence: Int64 = 0

    /// The series each report is in, by URL.
    var seriesOfURL: [String: String] {
        var map: [String: String] = [:]
        for (key, record) in series { for report in record.reports { map[report.url] = key } }
        return map
    }

    /// The page of each report, by URL (from the top of the site).
    var pageOfURL: [String: String] {
        Dictionary(series.values.flatMap(\.reports).map { ($0.url, $0.page) }, uniquingKeysWith: { first, _ in first })
    }

    /// Each lead unit and how many tasks it leads in the latest reports.
    var unitCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for record in series.values { for (unit, count) in record.units { counts[unit, default: 0] += count } }
        return counts
    }

    /// Series newest first (by the latest report's date), then by name.
    var orderedSeries: [SeriesRecord] {
        series.values.sorted { ($0.newest, $0.key) > ($1.newest, $1.key) }
    }
}

/// One series as the index and the unit pages need it.
struct SeriesRecord: Codable, Sendable, Equatable {
    var key: String
    var title: String
    /// The folder of its pages in the tree (`series/<hash>`).
    var folder: String
    /// The folder that holds them now, in `site.series` (see ``SiteWriter``).
    var parts: String
    /// Oldest first.
    var reports: [ReportRecord]
    /// Lead units of the latest report, with how many tasks each leads there.
    var units: [String: Int]
    /// The latest report's publication time, for ordering.
    var newest: String
    /// Tasks of the latest report whose status is 滞后 (listed in the
    /// series' `lagging.json`, read by the page of lagging tasks).
    var lagging: Int = 0
    /// The digest of the workbook's sheets (``Workbook/inputs``); nil in
    /// manifests written before it was kept: the workbook is written.
    var workbookInputs: String? = nil
}

struct ReportRecord: Codable, Sendable, Equatable {
    var source: String
    var url: String
    var title: String
    var published: String?
    var entryCount: Int
    var assignment: Bool
    /// Its page, from the top of the site.
    var page: String
    /// The digest of what its page and CSV were made from (``PageInputs``);
    /// nil in manifests written before it was kept: such pages are rendered.
    var inputs: String? = nil
}

/// A task a unit leads in a series' latest report (`units.json` of the
/// series' folder), from which unit pages and their CSV are made.
struct UnitTaskRecord: Codable, Sendable, Equatable {
    var seriesTitle: String
    var reportTitle: String
    var reportPage: String
    var taskPage: String
    var number: String?
    var task: String
    var progress: [String]
    /// Items not in the previous report of the series.
    var added: [String]
    /// Progress as in the previous report of the series (进展未更新).
    var unchanged: Bool
    var newest: String
    /// The task's status in that report, when the report gives one.
    var status: EntryStatus?
    /// Its lead units (in the list of lagging tasks, which spans units).
    var leads: [String]?
}

/// A unit's tasks in one report of a series by status: a point of the
/// unit page's picture of the series (`units/<hash>.status.json`).
struct StatusPoint: Codable, Sendable, Equatable {
    /// The report's period (`半年度`) or, without one, its date.
    var label: String
    /// Tasks by status class (``EntryStatus/Class`` raw values).
    var counts: [String: Int]
    var total: Int
}
