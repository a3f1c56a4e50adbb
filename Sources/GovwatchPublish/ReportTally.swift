import GovwatchCore

/// What a report page counts of its tasks: how many moved since the report
/// before, did not, or are newly listed; how many were edited after
/// publication; how many have each status. Each count is a link that shows
/// only those rows (``filters``).
struct ReportTally {
    var moved = 0
    var unchanged = 0
    var listed = 0
    var edited = 0
    var statuses: [EntryStatus.Class: Int] = [:]

    /// Counts one task's movement and returns its row's mark.
    mutating func count(_ movement: SeriesModel.Movement) -> (kind: String, label: String) {
        switch movement {
        case .moved:
            moved += 1
            return ("moved", Self.word(movement))
        case .unchanged:
            unchanged += 1
            return ("unchanged", Self.word(movement))
        case .listed:
            listed += 1
            return ("listed", Self.word(movement))
        }
    }

    /// The word a task's movement is shown by (pages and workbooks).
    static func word(_ movement: SeriesModel.Movement) -> String {
        switch movement {
        case .moved: "新进展"
        case .unchanged: "进展未更新"
        case .listed: "新列入"
        }
    }

    /// The filters a page offers: the row class each shows, and its words.
    static let filters: [(kind: String, words: String)] = [
        ("moved", "有新进展"), ("unchanged", "进展未更新"), ("listed", "新列入"), ("edited", "发布后有修改"),
    ]

    func number(of kind: String) -> Int {
        switch kind {
        case "moved": moved
        case "unchanged": unchanged
        case "listed": listed
        default: edited
        }
    }

    /// The page's context: `movementCounts` (较上一期 …, each non-zero count a
    /// link to its filter), `filters` (the notes the links target), the
    /// edited count and the status counts.
    func context(entryCount: Int) -> [String: Any] {
        var context: [String: Any] = [:]
        let compared = moved + unchanged + listed > 0
        if compared {
            context["hasMovement"] = true
            context["movementCounts"] = Self.filters.prefix(3).map { kind, words -> [String: Any] in
                let count = number(of: kind)
                var item: [String: Any] = ["text": "\(words)\(count)项", "last": kind == "listed"]
                if count > 0 { item["link"] = "only-\(kind)" }
                return item
            }
        }
        if edited > 0 { context["editedCount"] = edited }
        context["filters"] = Self.filters.filter { number(of: $0.kind) > 0 }.map { kind, words in
            ["id": "only-\(kind)", "text": "只显示\(words)的\(number(of: kind))项任务"]
        }
        if !statuses.isEmpty { context["statusCounts"] = ReviewerWords.statusCounts(statuses, of: entryCount) }
        let charts = [
            SiteCharts.statusBar(statuses, of: entryCount),
            SiteCharts.movementBar(moved: moved, unchanged: unchanged, listed: listed),
        ].compactMap { $0 }
        if !charts.isEmpty { context["charts"] = charts.joined() }
        return context
    }
}
