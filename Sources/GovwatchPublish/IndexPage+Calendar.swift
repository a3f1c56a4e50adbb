import GovwatchCore

/// What the index says of time: series whose next report is late (逾期),
/// sources that have published nothing for long. Judged at each build, so
/// a mark goes as soon as the report it waited for is in.
extension IndexPage {
    /// `YYYY-MM-DD` of the build, in the site's time zone.
    var today: String { String(time.display(generatedAt).prefix(10)) }

    /// The late series, by their key (``SeriesRecord/key``).
    func overdueSeries() -> [String: PublicationCalendar.Overdue] {
        guard overdueAfterDays > 0 else { return [:] }
        let reports = manifest.series.values.flatMap(\.reports).map { report in
            PublicationCalendar.Report(
                title: report.title, publishedAt: report.published, assignment: report.assignment,
                source: report.source, url: report.url)
        }
        let late = PublicationCalendar.overdue(reports, today: today, graceDays: overdueAfterDays)
        return Dictionary(late.map { ($0.seriesKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `下一期（前三季度）应于2024-11-29前发布，已逾期5天`.
    static func overdueNote(_ late: PublicationCalendar.Overdue) -> String {
        "下一期（\(late.expectedPeriod)）应于\(late.dueBy)前发布，已逾期\(late.daysLate)天"
    }

    /// `已200天无新报告（最近一期发布于2024-05-20）` for a source whose newest
    /// report is older than `quietAfterDays`; nil otherwise, or with none.
    func quietNote(_ source: String) -> String? {
        let newest = manifest.series.values.flatMap(\.reports).filter { $0.source == source }
            .compactMap(\.published).max()
        guard let newest, let day = PublicationCalendar.day(String(time.display(newest).prefix(10))),
            let now = PublicationCalendar.day(today), now - day > quietAfterDays
        else { return nil }
        return "已\(now - day)天无新报告（最近一期发布于\(time.display(newest).prefix(10))）"
    }
}
