public import GovwatchCore

/// Decides a column's role from its header text, using the synonyms seen on
/// Zhejiang disclosure sites (序号; 工作内容/任务内容/目标任务…; 牵头单位/责任单位…;
/// 完成情况/进展情况/推进情况…).
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

    /// Longer cells are never headers (50 CJK characters).
    static let maximumHeaderBytes = 150

    /// The role of a header cell. `text` may contain whitespace and full-width forms.
    public static func role(ofHeader text: String) -> ColumnRole {
        // Header cells are short; a data row's long cells are not folded to find that out.
        if text.utf8.count > maximumHeaderBytes { return .extra }
        let header = ComparableText.fold(text)
        if header.isEmpty { return .extra }
        if header == "序号" || header == "编号" || header == "序" { return .number }
        if extraHeaders.contains(header) { return .extra }
        if taskHeaders.contains(header) { return .task }
        if unitFragments.contains(where: header.containsUTF8) { return .leadUnit }
        if header.hasSuffix("状态") { return .extra }
        if progressFragments.contains(where: header.containsUTF8) { return .progress }
        if header.containsUTF8("工作内容") || header.containsUTF8("任务") { return .task }
        return .extra
    }

    /// Roles for a header row, where only the first column of a role keeps it
    /// (a second task-like column becomes an extra). Columns spanned by one
    /// header cell share its role: `origins` gives each column's source cell.
    public static func roles(ofHeader texts: [String], origins: [Int]) -> [ColumnRole] {
        var seen: [ColumnRole: Int] = [:]
        var roles: [ColumnRole] = []
        for (column, text) in texts.enumerated() {
            var role = role(ofHeader: text)
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
