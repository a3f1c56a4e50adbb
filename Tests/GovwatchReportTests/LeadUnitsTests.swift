import GovwatchCore
import Testing

@testable import GovwatchReport

@Suite("Lead units")
struct LeadUnitsTests {
    /// Rules 3: a unit name broken over two paragraphs is one unit; units
    /// that each end like one, or a paragraph opening like one, are several.
    @Test func aUnitNameBrokenOverParagraphsIsOneUnit() {
        #expect(LeadUnits.fromCell(["市人力资源", "社会保障局"], rules: .version3) == ["市人力资源社会保障局"])
        #expect(LeadUnits.fromCell(["城东街道", "城西街道"], rules: .version3) == ["城东街道", "城西街道"])
        #expect(LeadUnits.fromCell(["市发改委", "市经信局"], rules: .version3) == ["市发改委", "市经信局"])
        #expect(LeadUnits.fromCell(["舟山海关", "市商务局"], rules: .version3) == ["舟山海关", "市商务局"])
        #expect(LeadUnits.fromCell(["某某工作", "市财政局"], rules: .version3) == ["某某工作", "市财政局"])
        // Rules 2 read each paragraph as a unit, as before.
        #expect(LeadUnits.fromCell(["市人力资源", "社会保障局"], rules: .version2) == ["市人力资源", "社会保障局"])
    }

    @Test func aNumberOpeningTheTaskCell() {
        #expect(TaskNumber.split("1、建设城市书房。")! == ("1", "建设城市书房。"))
        #expect(TaskNumber.split("（12）新增绿道。")! == ("12", "新增绿道。"))
        #expect(TaskNumber.split("一、优化营商环境")! == ("一", "优化营商环境"))
        #expect(TaskNumber.split("1.5万人次培训。") == nil)
        #expect(TaskNumber.split("一、二期工程建设") == nil)
        #expect(TaskNumber.split("建设10个。") == nil)
    }

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
