public import GovwatchCore

/// Decides a column's role from its header text, using the synonyms seen on
/// Zhejiang disclosure sites (序号; 工作内容/任务内容/目标任务…; 牵头单位/责任单位…;
/// 完成情况/进展情况/推进情况…) and, from rules 3, those of other provinces.
public enum ColumnRoleClassifier {
    /// Headers that look like a role but are kept as named extras.
    static let extraHeaders: Set<String> = [
        "半年度目标任务", "存在问题及困难", "存在问题", "下一步工作", "下步工作", "进展状态",
        "责任领导", "牵头领导", "分管领导", "备注", "完成时限", "时间节点",
    ]
    static let taskHeaders: Set<String> = [
        "工作内容", "任务内容", "目标任务", "内容与要求", "主要工作任务", "重点工作任务",
        "工作任务", "主要任务", "重点任务", "任务", "主要内容", "项目名称", "工作目标",
    ]
    static let unitFragments = ["牵头单位", "责任单位", "牵头部门", "责任部门", "主办单位", "实施单位"]
    static let progressFragments = ["完成情况", "进展情况", "推进情况", "进展", "完成进度", "执行情况", "落实情况"]

    // Rules 3: the headers of reports from other provinces and counties.
    static let widerTaskHeaders: Set<String> = [
        "项目内容", "工作事项", "承担的重点工作", "指标名称", "重点工作", "工程名称", "建设内容", "重点项目",
        "民生实事项目", "实事项目",
    ]
    static let supportingFragments = ["协同责任单位", "配合单位", "协办单位", "协同单位", "配合部门", "参与单位"]
    static let widerProgressHeaders: Set<String> = ["进度", "累计完成", "工作进度", "推进进度"]
    static let categoryHeaders: Set<String> = ["类别", "领域", "板块", "分类", "所属领域", "类型"]
    /// Headers naming a target: a task only when no other column is one.
    static let targetHeaders: Set<String> = ["目标任务", "年度目标任务", "工作目标"]

    /// Longer cells are never headers (50 CJK characters).
    static let maximumHeaderBytes = 150

    /// The role of a header cell. `text` may contain whitespace and full-width forms.
    public static func role(ofHeader text: String, rules: ReadingRules = .version2) -> ColumnRole {
        // Header cells are short; a data row's long cells are not folded to find that out.
        if text.utf8.count > maximumHeaderBytes { return .extra }
        let header = ComparableText.fold(text)
        if header.isEmpty { return .extra }
        if header == "序号" || header == "编号" || header == "序" { return .number }
        if rules.readsWiderVocabulary, let role = widerRole(header) { return role }
        if extraHeaders.contains(header) { return .extra }
        if taskHeaders.contains(header) { return .task }
        if unitFragments.contains(where: header.containsUTF8) { return .leadUnit }
        if header.hasSuffix("状态") { return .extra }
        if progressFragments.contains(where: header.containsUTF8) { return .progress }
        if header.containsUTF8("工作内容") || header.containsUTF8("任务") { return .task }
        return .extra
    }

    /// What rules 3 read differently, before the rules of 2 apply.
    static func widerRole(_ header: String) -> ColumnRole? {
        if header.hasSuffix("来源") || header.hasSuffix("比例") { return .extra }
        if categoryHeaders.contains(header) { return .category }
        if widerTaskHeaders.contains(header) { return .task }
        // 牵头单位及配合单位 names the leads first: not a supporting column.
        if supportingFragments.contains(where: header.containsUTF8), !header.containsUTF8("牵头") {
            return .supportingUnit
        }
        if widerProgressHeaders.contains(header) || header.hasPrefix("本月进展") { return .progress }
        if EntryFieldVocabulary.field(ofHeader: header) == .target, !targetHeaders.contains(header) { return .extra }
        return nil
    }

    /// Roles for a header row, where only the first column of a role keeps it
    /// (a second task-like column becomes an extra). Columns spanned by one
    /// header cell share its role: `origins` gives each column's source cell.
    /// From rules 3, a target column (目标任务) yields the task to another
    /// task column, and a 责任单位 column beside a 牵头单位 one names the
    /// supporting units.
    /// An operator's `choices` come last and win: a column they name takes
    /// its role, and no other column of the table keeps that role.
    public static func roles(
        ofHeader texts: [String], origins: [Int], rules: ReadingRules = .version2, choices: ColumnChoices = .init()
    ) -> [ColumnRole] {
        var proposed = texts.map { role(ofHeader: $0, rules: rules) }
        if rules.readsWiderVocabulary { widen(&proposed, texts) }
        if !choices.isEmpty { choose(&proposed, texts, choices) }
        var seen: [ColumnRole: Int] = [:]
        var roles: [ColumnRole] = []
        for (column, proposal) in proposed.enumerated() {
            var role = proposal
            if role != .extra {
                if let owner = seen[role], owner != origins[column] {
                    role = .extra
                } else {
                    seen[role] = origins[column]
                }
            }
            roles.append(role)
        }
        return roles
    }

    /// Applies an operator's choices: chosen columns first, then any other
    /// column guessed to hold a chosen role is an extra.
    static func choose(_ roles: inout [ColumnRole], _ texts: [String], _ choices: ColumnChoices) {
        let chosen = texts.map { choices.choice(forHeader: $0) }
        let taken = Set(chosen.compactMap { $0?.role }.filter { $0 != .extra })
        for column in roles.indices {
            if let choice = chosen[column] {
                roles[column] = choice.role
            } else if taken.contains(roles[column]) {
                roles[column] = .extra
            }
        }
    }

    /// Rules 3's choices between columns of one header.
    static func widen(_ roles: inout [ColumnRole], _ texts: [String]) {
        let folded = texts.map(ComparableText.fold)
        // A percent column (完成进度(%)) is the progress only when it is the only one.
        let progress = roles.indices.filter { roles[$0] == .progress }
        if progress.count > 1 {
            for column in progress where folded[column].contains("%") { roles[column] = .extra }
        }
        let tasks = roles.indices.filter { roles[$0] == .task }
        if tasks.count > 1, let target = tasks.first(where: { targetHeaders.contains(folded[$0]) }) {
            roles[target] = .extra
        }
        let units = roles.indices.filter { roles[$0] == .leadUnit }
        if units.count > 1, !roles.contains(.supportingUnit),
            let lead = units.first(where: { folded[$0].containsUTF8("牵头") }),
            let other = units.first(where: { $0 != lead && !folded[$0].containsUTF8("牵头") })
        {
            roles[other] = .supportingUnit
        }
    }

    /// A header row must name at least a task and a progress column.
    public static func isReportHeader(_ roles: [ColumnRole]) -> Bool {
        roles.contains(.task) && roles.contains(.progress)
    }

    /// An assignment notice's header (责任分解): a task and a unit column,
    /// no progress column.
    public static func isAssignmentHeader(_ roles: [ColumnRole]) -> Bool {
        roles.contains(.task) && roles.contains(.leadUnit) && !roles.contains(.progress)
    }
}
