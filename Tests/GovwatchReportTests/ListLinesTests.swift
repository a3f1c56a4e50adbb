import GovwatchCore
import Testing

@testable import GovwatchReport

/// Rules 3's list lines, each read from the form other provinces print.
@Suite("List lines of other provinces")
struct ListLinesTests {
    @Test func unitLinesBecomeTheFormTheUnitReaderKnows() {
        #expect(ListLines.unitLine("牵头责任单位：省发展改革委。") == "牵头单位：省发展改革委")
        #expect(ListLines.unitLine("责任单位：市发改委、市经信局。") == "牵头单位：市发改委、市经信局")
        #expect(
            ListLines.unitLine("部门分工：省经济和信息化厅牵头，省科技厅、省财政厅配合。")
                == "牵头单位：省经济和信息化厅；配合单位：省科技厅、省财政厅")
        #expect(ListLines.unitLine("部门分工：省交通运输厅牵头。") == "牵头单位：省交通运输厅")
        #expect(ListLines.unitLine("部门分工：由各地负责。") == nil)
        #expect(ListLines.unitLine("推进单位建设。") == nil)
    }

    @Test func leaderLinesAreTheLeader() {
        #expect(ListLines.leader("分管省领导：张三") ?? ("", "") == ("分管省领导", "张三"))
        #expect(ListLines.leader("牵头负责领导：李四。") ?? ("", "") == ("牵头负责领导", "李四"))
        #expect(ListLines.leader("责任领导") == nil)
    }

    @Test func headingsFootersAndBracketedTasks() {
        #expect(ListLines.withoutCount("张三市长负责事项（共9项）") == "张三市长负责事项")
        #expect(ListLines.withoutCount("推进共同富裕（示范区）") == "推进共同富裕（示范区）")
        #expect(ListLines.isFooter("主办单位：某省人民政府办公厅"))
        #expect(ListLines.isFooter("蜀ICP备00000000号"))
        #expect(!ListLines.isFooter("牵头单位：省发展改革委"))
        #expect(ListLines.bracketedTask("（十二）新建改建农村公路。")! == ("十二", "新建改建农村公路。"))
        #expect(ListLines.bracketedTask("（一）") == nil)
        #expect(ListLines.bracketedTask("一、总体要求") == nil)
    }

    /// `由X牵头` in the task's own sentence names its leads; prose does not.
    @Test func aTaskThatNamesItsLeads() {
        #expect(ListLines.ledBy("推进示范创建，由省交通运输厅、省农业农村厅牵头。") == ["省交通运输厅", "省农业农村厅"])
        #expect(ListLines.ledBy("由各县（区）政府牵头推进。") == ["各县（区）政府"])
        #expect(ListLines.ledBy("由于资金紧张，牵头推进难度大。") == nil)
        #expect(ListLines.ledBy("由市里统一部署牵头") == nil)
        #expect(ListLines.ledBy("推进示范创建。") == nil)
    }
}
