/// When a series' next report is due, and which are overdue.
///
/// A report's period ends with a month of its year (第一季度 → 3, 半年度 →
/// 6, 前三季度 / 1-9月 → 9, 全年 → 12, 1-11月 → 11; the assignment notice
/// → 0). A series' rhythm is the periods the same series covered in
/// earlier years (the quarters when it has no earlier year) and those its
/// own reports cover: the next report is the next of them after the latest, due by
/// the end of its period plus the grace (`overdue_after`, 60 days by
/// default). Only this year's series and last year's are judged, so a
/// series of years ago never raises anything. Pure.
public enum PublicationCalendar {
    /// One report as the calendar needs it.
    public struct Report: Sendable, Hashable {
        public var title: String
        public var publishedAt: String?
        public var assignment: Bool
        public var source: String
        public var url: String

        public init(title: String, publishedAt: String?, assignment: Bool, source: String, url: String) {
            self.title = title
            self.publishedAt = publishedAt
            self.assignment = assignment
            self.source = source
            self.url = url
        }
    }

    /// A series whose next report is late.
    public struct Overdue: Sendable, Hashable {
        /// ``ReportSeries/Key`` as text: with ``expectedEnd``, what tells
        /// one overdue report from another (its alert's id).
        public var seriesKey: String
        public var seriesName: String
        /// The month the missing report's period ends with (1…12).
        public var expectedEnd: Int
        /// Its period as reports name it (`前三季度`, `1-10月`, `全年`).
        public var expectedPeriod: String
        /// `YYYY-MM-DD`: the last day it was due by.
        public var dueBy: String
        public var daysLate: Int
        /// The series' latest report: where the alert points.
        public var latest: Report
        /// The first (by name) of the sources holding the series' reports:
        /// the alert's source, stable whichever source published last.
        public var source: String
    }

    /// The overdue series among `reports` on `today` (`YYYY-MM-DD`, local).
    public static func overdue(_ reports: [Report], today: String, graceDays: Int) -> [Overdue] {
        guard let now = day(today), let thisYear = Int(today.prefix(4)) else { return [] }
        var series: [ReportSeries.Key: [(report: Report, end: Int)]] = [:]
        // Read once per title: a store's thousand reports have a few dozen
        // titles, and reading one, character by character, was most of a
        // judgment (perf). By bytes, so each title reads as it always did.
        var titles: [[UInt8]: (key: ReportSeries.Key?, period: String?)] = [:]
        for report in reports {
            let bytes = Array(report.title.utf8)
            let title: (key: ReportSeries.Key?, period: String?)
            if let known = titles[bytes] {
                title = known
            } else {
                title = (ReportSeries.key(title: report.title), ReportPeriod.period(in: report.title))
                titles[bytes] = title
            }
            guard let key = title.key, let year = key.year,
                let end = periodEnd(report, year: year, period: title.period)
            else { continue }
            series[key, default: []].append((report, end))
        }
        // Each stem's periods by year: a series follows its earlier years' rhythm.
        var periods: [String: [Int: Set<Int>]] = [:]
        for (key, members) in series {
            periods[key.stem, default: [:]][key.year!, default: []].formUnion(members.map(\.end).filter { $0 > 0 })
        }
        var late: [Overdue] = []
        for (key, members) in series {
            guard let year = key.year, year >= thisYear - 1, let latestEnd = members.map(\.end).max() else { continue }
            let earlier = (periods[key.stem] ?? [:]).filter { $0.key < year }.values.reduce(into: Set<Int>()) {
                $0.formUnion($1)
            }
            let rhythm = (earlier.isEmpty ? [3, 6, 9, 12] : earlier).union(members.map(\.end).filter { $0 > 0 })
            guard let next = nextEnd(after: latestEnd, rhythm: rhythm) else { continue }
            let due = CivilDate.days(year: year, month: next, day: daysIn(month: next, year: year)) + graceDays
            guard now > due else { continue }
            let latest = members.max { ($0.report.publishedAt ?? "", $0.end) < ($1.report.publishedAt ?? "", $1.end) }!
            late.append(
                Overdue(
                    seriesKey: key.description,
                    seriesName: ReportPeriod.seriesName(of: latest.report.title) ?? latest.report.title,
                    expectedEnd: next, expectedPeriod: periodName(next), dueBy: date(due), daysLate: now - due,
                    latest: latest.report, source: members.map(\.report.source).min()!))
        }
        return late.sorted { ($0.dueBy, $0.seriesKey) < ($1.dueBy, $1.seriesKey) }
    }

    /// The month a report's period ends with: 0 for the assignment notice;
    /// 12 for a report without a period published after its year; nil
    /// when the title does not say.
    static func periodEnd(_ report: Report, year: Int) -> Int? {
        periodEnd(report, year: year, period: ReportPeriod.period(in: report.title))
    }

    /// ``periodEnd(_:year:)`` of a report whose title's period
    /// (``ReportPeriod/period(in:)``) is `period`.
    static func periodEnd(_ report: Report, year: Int, period: String?) -> Int? {
        if report.assignment { return 0 }
        guard let period else {
            if report.title.contains("分解") { return 0 }
            let published = report.publishedAt.flatMap { Int($0.prefix(4)) }
            return published.map { $0 > year ? 12 : nil } ?? nil
        }
        switch period {
        case "第一季度", "一季度": return 3
        case "上半年", "半年度", "年中", "第二季度", "二季度": return 6
        case "前三季度", "第三季度", "三季度": return 9
        case "全年", "年终", "下半年", "第四季度", "四季度": return 12
        default:
            // `1-11月`, `1至6月`, `6月`: the last number.
            let digits = period.reversed().drop { !$0.isNumber }.prefix { $0.isNumber }
            guard let month = Int(String(digits.reversed())), (1...12).contains(month) else { return nil }
            return month
        }
    }

    /// The next period end of the rhythm after `latest` (the year's end at
    /// the latest); nil after the full-year report.
    static func nextEnd(after latest: Int, rhythm: Set<Int>) -> Int? {
        guard latest < 12 else { return nil }
        return rhythm.union([12]).sorted().first { $0 > latest }
    }

    /// How reports name the period ending with `month`.
    public static func periodName(_ month: Int) -> String {
        switch month {
        case 3: "第一季度"
        case 6: "半年度"
        case 9: "前三季度"
        case 12: "全年"
        default: "1-\(month)月"
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        let next =
            month == 12
            ? CivilDate.days(year: year + 1, month: 1, day: 1) : CivilDate.days(year: year, month: month + 1, day: 1)
        return next - CivilDate.days(year: year, month: month, day: 1)
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD…` text.
    public static func day(_ text: String) -> Int? {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return CivilDate.days(year: parts[0], month: parts[1], day: parts[2])
    }

    static func date(_ days: Int) -> String {
        String(CivilDate.split(epochSeconds: Double(days) * 86400).date)
    }
}
