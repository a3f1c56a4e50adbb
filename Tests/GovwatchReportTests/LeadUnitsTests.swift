import GovwatchCore
import Testing

@testable import GovwatchReport

@Suite("Lead units")
struct LeadUnitsTests {
    @Test func trailingClauseInParentheses() throws {
        let split = try #require(LeadUnits.splitTrailingClause("继续交出防疫高分报表。(牵头单位:市疫情防控办)"))
        #expect(split.task == "继续交出防疫高分报表。")
        #expect(split.units == ["市疫情防控办"])
    }

    @Test func bracketClauseWithNestedAlias() throws {
        let split = try #require(LeadUnits.splitTrailingClause("实现100%线上办理。[牵头单位:市府办(市大数据局)]"))
        #expect(split.task == "实现100%线上办理。")
        #expect(split.units == ["市府办(市大数据局)"])
    }

    @Test func fullWidthClauseWithSeveralUnits() throws {
        let split = try #require(LeadUnits.splitTrailingClause("切实加强慈善工作。（牵头单位：市民政局、市慈善总会）"))
        #expect(split.units == ["市民政局", "市慈善总会"])
    }

    @Test func clauseMustBeAtTheEnd() {
        #expect(LeadUnits.splitTrailingClause("压实牵头单位（部门）主体责任，推进工作。") == nil)
        #expect(LeadUnits.splitTrailingClause("建设码头(一期)") == nil)
    }

    @Test func unitCellJoinsAliasParagraphs() {
        #expect(LeadUnits.fromCell(["市财政局", "(市国资委)"]) == ["市财政局(市国资委)"])
        #expect(LeadUnits.fromCell(["市发改委", "市经信局"]) == ["市发改委", "市经信局"])
    }

    @Test func dropsListNotes() {
        #expect(LeadUnits.split("市发改委,市经信局、市商务局(列第一位者为牵头单位,下同)") == ["市发改委", "市经信局", "市商务局"])
        #expect(LeadUnits.split("各县(区)政府,市文广旅体局") == ["各县(区)政府", "市文广旅体局"])
    }
}
