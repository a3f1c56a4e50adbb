import Testing

@testable import GovwatchCore

/// The period in a report's title, and the series name without it.
@Suite("Report periods and series names")
struct ReportPeriodTests {
    @Test(arguments: [
        ("2021年度市政府工作报告重点工作任务半年度完成情况", "半年度", "2021年度市政府工作报告重点工作任务完成情况"),
        ("2021年度市政府工作报告重点工作任务1-11月完成情况", "1-11月", "2021年度市政府工作报告重点工作任务完成情况"),
        ("2024年市政府工作报告重点工作任务前三季度进展情况", "前三季度", "2024年市政府工作报告重点工作任务进展情况"),
        ("2023年民生实事项目1至6月推进情况", "1至6月", "2023年民生实事项目推进情况"),
        ("2023年重点工作全年完成情况", "全年", "2023年重点工作完成情况"),
    ])
    func aTitleNamesItsPeriod(title: String, period: String, name: String) {
        #expect(ReportPeriod.period(in: title) == period)
        #expect(ReportPeriod.seriesName(of: title) == name)
    }

    /// `2021年度` is the year, not a period; a title without one has none.
    @Test func theYearIsNoPeriod() {
        #expect(ReportPeriod.period(in: "2021年度市政府工作报告重点工作任务完成情况") == nil)
        #expect(ReportPeriod.seriesName(of: "关于印发2024年市政府工作报告重点工作任务责任分解的通知") == nil)
        #expect(ReportPeriod.period(in: "") == nil)
        #expect(ReportPeriod.period(in: "第12345号文件6") == nil)
    }
}
