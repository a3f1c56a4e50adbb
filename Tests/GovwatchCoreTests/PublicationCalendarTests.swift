import Testing

@testable import GovwatchCore

/// Which series' next report is late, from the reports' titles and dates.
@Suite("The publication calendar")
struct PublicationCalendarTests {
    static func report(_ title: String, _ published: String, assignment: Bool = false) -> PublicationCalendar.Report {
        .init(title: title, publishedAt: published, assignment: assignment, source: "city", url: "http://h/" + title)
    }

    static let notice = report("关于印发2024年市政府工作报告重点工作任务责任分解的通知", "2024-02-20T10:00:00+08:00", assignment: true)
    static let half = report("2024年市政府工作报告重点工作任务半年度进展情况", "2024-07-30T10:00:00+08:00")

    @Test func theNextQuarterIsDueSixtyDaysAfterItEnds() {
        // No history: the quarters. After 半年度, 前三季度 is due by 2024-11-29.
        #expect(PublicationCalendar.overdue([Self.notice, Self.half], today: "2024-11-29", graceDays: 60).isEmpty)
        let late = PublicationCalendar.overdue([Self.notice, Self.half], today: "2024-11-30", graceDays: 60)
        #expect(late.count == 1)
        #expect(late.first?.expectedPeriod == "前三季度")
        #expect(late.first?.dueBy == "2024-11-29" && late.first?.daysLate == 1)
        #expect(late.first?.seriesName == "2024年市政府工作报告重点工作任务进展情况")
        #expect(late.first?.latest.url == Self.half.url)
        // When it appears, the series is no longer late.
        let third = Self.report("2024年市政府工作报告重点工作任务前三季度进展情况", "2024-12-02T10:00:00+08:00")
        #expect(
            PublicationCalendar.overdue([Self.notice, Self.half, third], today: "2024-12-03", graceDays: 60).isEmpty)
    }

    /// The series' own history sets its rhythm: last year it published
    /// 半年度, 1-11月 and a full-year report, so no 前三季度 is expected.
    @Test func lastYearsReportsSetTheRhythm() {
        let history = [
            Self.report("2023年市政府工作报告重点工作任务半年度进展情况", "2023-07-25T10:00:00+08:00"),
            Self.report("2023年市政府工作报告重点工作任务1-11月进展情况", "2023-12-20T10:00:00+08:00"),
            Self.report("2023年市政府工作报告重点工作任务完成情况", "2024-01-25T10:00:00+08:00"),
        ]
        #expect(
            PublicationCalendar.overdue(history + [Self.notice, Self.half], today: "2024-12-01", graceDays: 60).isEmpty)
        let late = PublicationCalendar.overdue(history + [Self.notice, Self.half], today: "2025-01-30", graceDays: 60)
        #expect(late.map(\.expectedPeriod) == ["1-11月"])
        #expect(late.first?.dueBy == "2025-01-29")
    }

    /// Series of years ago are never judged; last year's only until its
    /// full-year report is in.
    @Test func onlyThisYearsAndLastYearsSeriesAreJudged() {
        let old = Self.report("2021年市政府工作报告重点工作任务半年度进展情况", "2021-07-25T10:00:00+08:00")
        #expect(PublicationCalendar.overdue([old], today: "2024-12-01", graceDays: 60).isEmpty)
        let lastYear = Self.report("2023年市政府工作报告重点工作任务前三季度进展情况", "2023-10-25T10:00:00+08:00")
        let late = PublicationCalendar.overdue([lastYear], today: "2024-03-01", graceDays: 60)
        #expect(late.map(\.expectedPeriod) == ["全年"] && late.first?.dueBy == "2024-02-29")
        let full = Self.report("2023年市政府工作报告重点工作任务全年完成情况", "2024-01-25T10:00:00+08:00")
        #expect(PublicationCalendar.overdue([lastYear, full], today: "2024-06-01", graceDays: 60).isEmpty)
    }

    /// Reports that share a title (read once) are each judged by their own
    /// date: one published in its year without a period says nothing, one
    /// published after its year is its full-year report.
    @Test func reportsSharingATitleAreEachReadByTheirOwnDate() {
        let half = Self.report("2023年市政府工作报告重点工作任务半年度进展情况", "2023-07-25T10:00:00+08:00")
        func shared(_ published: String) -> PublicationCalendar.Report {
            .init(
                title: "2023年市政府工作报告重点工作任务完成情况", publishedAt: published, assignment: false, source: "city",
                url: "http://h/" + published)
        }
        let early = shared("2023-10-25T10:00:00+08:00")
        let full = shared("2024-01-25T10:00:00+08:00")
        for reports in [[half, early], [early, half]] {
            let late = PublicationCalendar.overdue(reports, today: "2024-03-01", graceDays: 60)
            #expect(late.map(\.expectedPeriod) == ["前三季度"])
        }
        for reports in [[half, early, full], [full, early, half], [early, full, half]] {
            #expect(PublicationCalendar.overdue(reports, today: "2024-03-01", graceDays: 60).isEmpty)
        }
    }

    @Test func periodsEndWithTheirMonths() {
        func end(_ title: String) -> Int? {
            PublicationCalendar.periodEnd(Self.report(title, "2024-05-01"), year: 2024)
        }
        #expect(end("2024年重点工作第一季度进展情况") == 3)
        #expect(end("2024年重点工作1-11月进展情况") == 11)
        #expect(end("2024年重点工作上半年进展情况") == 6)
        #expect(end("2024年重点工作进展情况") == nil)  // published in its year, no period: unknown
        #expect(PublicationCalendar.periodEnd(Self.report("2024年重点工作完成情况", "2025-01-20"), year: 2024) == 12)
    }
}
