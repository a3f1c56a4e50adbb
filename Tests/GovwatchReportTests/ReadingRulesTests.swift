import GovwatchCore
import GovwatchReport
import Testing

/// The rules added in 0.3 (bare and supporting unit clauses, items by
/// sequence, assignment tables) and what 0.2's rules read from the same
/// cells: the monitor reads stored pages with both to tell an upgrade's new
/// reading from a changed page.
@Suite("Reading rules")
struct ReadingRulesTests {
    static func grid(_ rows: [[String]]) -> TableGrid {
        TableGrid(declaredRows: rows.map { $0.map { SourceCell(paragraphs: [$0]) } })
    }

    @Test func bareClausesAreReadFromRules2On() {
        let grid = Self.grid([
            ["序号", "重点工作任务", "完成情况"],
            ["1", "完成渔港经济区规划编制。责任单位：市海洋经济局", "已评审。"],
        ])
        let now = ReportTableReader.read([ReportTableInput(grid: grid)], rules: .current).entries[0]
        #expect(now.task == "完成渔港经济区规划编制。")
        #expect(now.leadUnits == ["市海洋经济局"])
        let before = ReportTableReader.read([ReportTableInput(grid: grid)], rules: .version1).entries[0]
        #expect(before.task == "完成渔港经济区规划编制。责任单位：市海洋经济局")
        #expect(before.leadUnits.isEmpty)
    }

    /// `牵头单位` inside a sentence, or followed by prose, is not a clause.
    @Test(arguments: [
        "由牵头单位：会同有关部门制定规划并组织实施，确保年底前全面完成各项目标任务的建设工作。",
        "明确牵头单位：市发改委。加快推进项目建设。",
        "落实牵头单位责任",
    ])
    func proseIsNotAClause(_ text: String) {
        #expect(UnitClauses.splitTrailing(text) == nil, "\(text)")
    }

    @Test func unitListsSplitAtDepthZeroOnly() {
        #expect(
            LeadUnits.split("各区县政府<定海区、普陀区>、市建设局［含新城］，市府办(市大数据局)", rules: .current)
                == ["各区县政府<定海区、普陀区>", "市建设局［含新城］", "市府办(市大数据局)"])
        #expect(LeadUnits.split("市发改委、市经信局分别牵头", rules: .current) == ["市发改委", "市经信局"])
        // 0.2 split angle-bracket groups: kept so stored readings stay comparable.
        #expect(LeadUnits.split("各区县政府<定海区、普陀区>", rules: .version1) == ["各区县政府<定海区", "普陀区>"])
    }

    @Test func itemsBySequence() {
        #expect(
            ProgressItems.split(["1.新增就业2.1万人；2.1-6月，失业率4.5%。"], rules: .current)
                == ["新增就业2.1万人；", "1-6月，失业率4.5%。"])
        // Never a list's first item: a decimal at a paragraph's start stays text.
        #expect(ProgressItems.split(["1.5万吨货物已完成转运。"], rules: .current) == ["1.5万吨货物已完成转运。"])
        #expect(ProgressItems.split(["增长5. 4 %，高于全省。"], rules: .current) == ["增长5. 4 %，高于全省。"])
        #expect(
            ProgressItems.split(["1.新增就业2.1万人；2.1-6月，失业率4.5%。"], rules: .version1)
                == ["新增就业2.1万人；2.1-6月，失业率4.5%。"])
    }

    /// Assignment tables are read only when no table of the page has a
    /// progress column, so a report's side tables never become entries.
    @Test func assignmentTablesOnlyWithoutAProgressTable() {
        let assignment = Self.grid([["序号", "重点工作任务", "责任单位"], ["1", "任务甲。", "市发改委"]])
        let progress = Self.grid([["序号", "工作内容", "完成情况"], ["1", "任务乙。", "已完成。"]])
        let alone = ReportTableReader.read([ReportTableInput(grid: assignment)], rules: .current)
        #expect(alone.kind == .assignment)
        #expect(alone.entries.map(\.task) == ["任务甲。"])
        #expect(alone.entries[0].progress.isEmpty)
        let both = ReportTableReader.read(
            [ReportTableInput(grid: assignment), ReportTableInput(grid: progress)], rules: .current)
        #expect(both.kind == .progress)
        #expect(both.entries.map(\.task) == ["任务乙。"])
        #expect(ReportTableReader.read([ReportTableInput(grid: assignment)], rules: .version1).tables.isEmpty)
    }

    @Test func notesSayHowATableWasRead() {
        let grid = Self.grid([
            ["2023年重点工作完成情况表", "", ""], ["序号", "工作内容", "完成情况"], ["序号", "工作内容", "完成情况"],
            ["1", "任务。", "完成。"],
        ])
        let notes = ReportTableReader.read(
            [ReportTableInput(grid: Self.grid([["名称", "备注"]])), ReportTableInput(grid: grid)], rules: .current,
            explain: true
        ).notes
        #expect(
            notes == [
                "table 1: skipped, no header row naming a task and a progress column (first row: 名称 | 备注)",
                "table 2: header in row 2: 序号=number | 工作内容=task | 完成情况=progress",
                "table 2 row 1: title \"2023年重点工作完成情况表\", skipped",
                "table 2: a repeated header row, skipped",
            ])
        #expect(ReportTableReader.read([ReportTableInput(grid: grid)], rules: .current).notes.isEmpty)
    }
}
