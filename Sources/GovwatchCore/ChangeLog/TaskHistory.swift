/// One task followed across the reports of its series, oldest first, with
/// what each report added to its progress.
public struct TaskHistory: Sendable, Hashable, Codable {
    public struct Report: Sendable, Hashable, Codable {
        public var url: String
        public var title: String?
        public var publishedAt: String?
        public var number: String?
        public var leadUnits: [String]
        public var progress: [String]
        /// Items not in the previous report of the series (all, for the first).
        public var added: [String]
    }

    public var key: String
    public var task: String
    public var series: String?
    public var reports: [Report]

    /// A stored document, as history needs it.
    public struct Source: Sendable {
        public var url: String
        public var snapshot: DocumentSnapshot
        public init(url: String, snapshot: DocumentSnapshot) {
            self.url = url
            self.snapshot = snapshot
        }
    }

    /// The history of the task with `key` (or, with `url` and `number`, of
    /// that row of that report). Tasks are matched across reports by their
    /// folded text, never by 序号.
    public static func build(key: String?, url: String?, number: String?, documents: [Source]) -> TaskHistory? {
        var anchor: (document: Source, entry: ReportEntry)?
        for document in documents {
            if let url, document.url != url { continue }
            if let entry = document.snapshot.entries.first(where: { entry in
                if let key { return entry.key == key || entry.key.hasPrefix(key) }
                return entry.number == number
            }) {
                anchor = (document, entry)
                break
            }
        }
        guard let anchor else { return nil }
        let identity = ComparableText.fold(anchor.entry.task)
        let series = anchor.document.snapshot.title.flatMap(ReportSeries.key(title:))
        let members = documents.filter { document in
            guard let series else { return document.url == anchor.document.url }
            return document.snapshot.title.flatMap(ReportSeries.key(title:)) == series
        }
        .sorted { ($0.snapshot.publishedAt ?? "", $0.url) < ($1.snapshot.publishedAt ?? "", $1.url) }
        var reports: [Report] = []
        var previous: Set<String> = []
        for member in members {
            guard
                let entry = member.snapshot.entries.first(where: { ComparableText.fold($0.task) == identity })
                    ?? member.snapshot.entries.first(where: { $0.key == anchor.entry.key })
            else { continue }
            let added = entry.progress.filter { !previous.contains(ComparableText.fold($0)) }
            previous = Set(entry.progress.map(ComparableText.fold))
            reports.append(
                Report(
                    url: member.url, title: member.snapshot.title, publishedAt: member.snapshot.publishedAt,
                    number: entry.number, leadUnits: entry.leadUnits, progress: entry.progress, added: added))
        }
        return TaskHistory(
            key: anchor.entry.key, task: anchor.entry.task, series: series?.description, reports: reports)
    }
}

/// A task led by a given unit, in the latest version of its report.
public struct UnitTask: Sendable, Hashable, Codable {
    public var url: String
    public var title: String?
    public var key: String
    public var number: String?
    public var task: String
    public var leadUnits: [String]
    /// Written only when there are some.
    public var supportingUnits: [String]?
    public var progress: [String]

    /// Tasks led by a unit whose name contains `unit`, latest reports first;
    /// with `includesSupporting`, also those it supports (配合单位).
    public static func find(unit: String, includesSupporting: Bool = false, documents: [TaskHistory.Source])
        -> [UnitTask]
    {
        let folded = ComparableText.fold(unit)
        var tasks: [UnitTask] = []
        for document in documents.sorted(by: {
            ($0.snapshot.publishedAt ?? "", $0.url) > ($1.snapshot.publishedAt ?? "", $1.url)
        }) {
            for entry in document.snapshot.entries {
                let units = entry.leadUnits + (includesSupporting ? entry.supportingUnits : [])
                guard units.contains(where: { ComparableText.fold($0).containsUTF8(folded) }) else { continue }
                tasks.append(
                    UnitTask(
                        url: document.url, title: document.snapshot.title, key: entry.key, number: entry.number,
                        task: entry.task, leadUnits: entry.leadUnits,
                        supportingUnits: entry.supportingUnits.isEmpty ? nil : entry.supportingUnits,
                        progress: entry.progress))
            }
        }
        return tasks
    }
}
