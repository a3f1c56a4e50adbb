import GovwatchCore
import Testing

@testable import GovwatchReport

@Suite("Table grids and report reading")
struct TableReadingTests {
    func cell(_ text: String, rows: Int = 1, columns: Int = 1) -> SourceCell {
        SourceCell(
            rowSpan: rows, columnSpan: columns,
            paragraphs: text.isEmpty ? [] : text.split(separator: "|").map(String.init))
    }

    @Test func expandsRowAndColumnSpans() {
        let grid = TableGrid(declaredRows: [
            [cell("a", rows: 2), cell("b", columns: 2)],
            [cell("c"), cell("d")],
            [cell("e", columns: 3)],
        ])
        #expect(grid.columnCount == 3)
        #expect(grid.rows[0] == [0, 1, 1])
        #expect(grid.rows[1] == [0, 2, 3])
        #expect(grid.rows[2] == [4, 4, 4])
    }

    @Test func hostileSpansAreBounded() {
        let grid = TableGrid(declaredRows: [[cell("a", rows: 1_000_000, columns: 1_000_000)], [cell("b")]])
        #expect(grid.columnCount <= TableGrid.maximumColumns)
    }

    @Test func columnRolesFromHeaderSynonyms() {
        #expect(ColumnRoleClassifier.role(ofHeader: "序 号") == .number)
        #expect(ColumnRoleClassifier.role(ofHeader: "重点工作任务") == .task)
        #expect(ColumnRoleClassifier.role(ofHeader: "半年度目标任务") == .extra)
        #expect(ColumnRoleClassifier.role(ofHeader: "具体责任单位") == .leadUnit)
        #expect(ColumnRoleClassifier.role(ofHeader: "1-11月完成情况") == .progress)
        #expect(ColumnRoleClassifier.role(ofHeader: "进展状态") == .extra)
    }

    /// Rules 3: other provinces' headers; rules 2 read them as before.
    @Test func rules3ReadOtherProvincesHeaders() {
        func role(_ text: String) -> ColumnRole { ColumnRoleClassifier.role(ofHeader: text, rules: .version3) }
        #expect(role("项目内容") == .task && role("工作事项") == .task && role("承担的重点工作") == .task)
        #expect(role("进度") == .progress && role("累计完成") == .progress && role("本月进展情况") == .progress)
        #expect(role("协同责任单位") == .supportingUnit && role("配合单位") == .supportingUnit)
        #expect(role("牵头责任单位") == .leadUnit)
        #expect(role("任务来源") == .extra && role("完成比例(%)") == .extra && role("年度目标") == .extra)
        #expect(role("领域") == .category)
        #expect(role("牵头单位及配合单位") == .leadUnit)  // the leads come first
        // A percent column is the progress when it is the only one, else an extra.
        #expect(
            ColumnRoleClassifier.roles(ofHeader: ["工作任务", "完成进度(%)"], origins: [0, 1], rules: .version3)
                == [.task, .progress])
        #expect(
            ColumnRoleClassifier.roles(
                ofHeader: ["工作任务", "完成进度(%)", "进展情况"], origins: [0, 1, 2], rules: .version3)
                == [.task, .extra, .progress])
        #expect(ColumnRoleClassifier.role(ofHeader: "任务来源", rules: .version2) == .task)
        #expect(ColumnRoleClassifier.role(ofHeader: "项目内容", rules: .version2) == .extra)
        // Between columns: the target yields the task; 责任单位 beside 牵头单位 supports.
        let roles = ColumnRoleClassifier.roles(
            ofHeader: ["目标任务", "工作任务", "牵头单位", "责任单位", "完成情况"], origins: [0, 1, 2, 3, 4], rules: .version3)
        #expect(roles == [.extra, .task, .leadUnit, .supportingUnit, .progress])
    }

    /// An operator's choice wins, and takes its role from every other column.
    @Test func anOperatorsChoiceOverrulesTheGuess() {
        let choices = ColumnChoices([(.status, ["完成情况"]), (.progress, ["工作进展"])])
        let roles = ColumnRoleClassifier.roles(
            ofHeader: ["序号", "工作任务", "完成情况", "工作进展"], origins: [0, 1, 2, 3], rules: .version3,
            choices: choices)
        #expect(roles == [.number, .task, .extra, .progress])
        #expect(ColumnChoices.statusKey(forHeader: "完成情况") == "完成状态")
        #expect(ColumnChoices.statusKey(forHeader: "进展状态") == "进展状态")
    }

    /// Rules 4: a 完成情况 column of status words beside the progress is the
    /// status; one cell of progress text, an operator's choice or a table
    /// with no other progress column keeps the reading of rules 3.
    @Test func aStatusOnlyColumnBesideTheProgressIsTheStatus() {
        func read(
            _ statusCells: [String], header: [String] = ["序号", "工作任务", "完成情况", "进展情况"],
            rules: ReadingRules = .version4, choices: ColumnChoices = .init()
        ) -> ReportEntry? {
            var rows = [header.map { cell($0) }]
            for (index, status) in statusCells.enumerated() {
                rows.append([cell("\(index + 1)"), cell("任务\(index + 1)"), cell(status), cell("已完成投资\(index)亿元。")])
            }
            let grid = TableGrid(declaredRows: rows)
            return ReportTableReader.read([ReportTableInput(grid: grid)], rules: rules, choices: choices).entries.first
        }
        let statuses = ["滞后", "", "序时推进"]
        #expect(read(statuses)?.content.progress == ["已完成投资0亿元。"])
        #expect(read(statuses)?.content.extras == ["完成状态": "滞后"])
        #expect(read(statuses)?.content.typed.status?.state == .lagging)
        // Rules 3 read the first progress-like column as the progress.
        #expect(read(statuses, rules: .version3)?.content.progress == ["滞后"])
        // One cell that is progress text: no status column.
        #expect(read(["滞后", "完成投资2亿元"])?.content.progress == ["滞后"])
        // No status word anywhere (all empty): no status column.
        #expect(read(["", ""])?.content.extras == ["进展情况": "已完成投资0亿元。"])
        // An operator who names another column keeps theirs.
        let chosen = read(statuses, choices: ColumnChoices([(.progress, ["完成情况"])]))
        #expect(chosen?.content.progress == ["滞后"])
        // A percent beside it is no progress: the status column stays the progress.
        let percent = read(statuses, header: ["序号", "工作任务", "完成情况", "完成进度(%)"])
        #expect(percent?.content.progress == ["滞后"])
    }

    @Test func readsRowsSectionsAndRowspanContinuations() {
        let grid = TableGrid(declaredRows: [
            [cell("序号"), cell("工作内容"), cell("牵头单位"), cell("完成情况")],
            [cell("一、主要预期指标", columns: 4)],
            [cell("1", rows: 2), cell("任务甲", rows: 2), cell("市财政局|(市国资委)", rows: 2), cell("①完成A。")],
            [cell("②完成B。")],
            [cell("序号"), cell("工作内容"), cell("牵头单位"), cell("完成情况")],
            [cell("2"), cell("任务乙"), cell("市民政局、市慈善总会"), cell("完成C。")],
        ])
        let reading = ReportTableReader.read([ReportTableInput(grid: grid)])
        #expect(reading.tables.count == 1)
        #expect(reading.entries.count == 2)
        let first = reading.entries[0]
        #expect(first.section == "一、主要预期指标")
        #expect(first.leadUnits == ["市财政局(市国资委)"])
        #expect(first.progress == ["完成A。", "完成B。"])
        #expect(reading.entries[1].leadUnits == ["市民政局", "市慈善总会"])
    }

    @Test func keysComeFromTaskTextNotNumbers() {
        func read(_ number: String, _ task: String) -> String {
            let grid = TableGrid(declaredRows: [
                [cell("序号"), cell("工作内容"), cell("完成情况")],
                [cell(number), cell(task), cell("完成。")],
            ])
            return ReportTableReader.read([ReportTableInput(grid: grid)]).entries[0].key
        }
        #expect(read("1", "推进（甲）工作。") == read("7", "推进(甲)工作. "))
        #expect(read("1", "推进甲工作。") != read("1", "推进乙工作。"))
    }

    @Test func duplicateTasksGetDistinctKeys() {
        let grid = TableGrid(declaredRows: [
            [cell("序号"), cell("工作内容"), cell("完成情况")],
            [cell(""), cell("同一任务"), cell("A")],
            [cell(""), cell("同一任务"), cell("B")],
        ])
        let entries = ReportTableReader.read([ReportTableInput(grid: grid)]).entries
        #expect(entries.count == 2)
        #expect(entries[0].key != entries[1].key)
        #expect(entries[0].number == nil)
    }

    @Test func tableWithoutReportHeaderIsIgnored() {
        let grid = TableGrid(declaredRows: [[cell("索引号"), cell("001")], [cell("发布机构"), cell("市政府办公室")]])
        #expect(ReportTableReader.read([ReportTableInput(grid: grid)]).tables.isEmpty)
    }
}
