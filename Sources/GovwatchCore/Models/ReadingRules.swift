/// Which generation of reading rules the extractor applies.
///
/// Stored content hashes are a contract: an upgrade must not re-alert a
/// report whose page did not change. When a new generation reads a stored
/// page differently (a bare `责任单位：X` clause now split off its task, say),
/// the monitor reads the page once more with the generation that stored it;
/// if that reading hashes as stored, the page did not change and the new
/// reading replaces the old one silently.
public struct ReadingRules: Sendable, Hashable, CustomStringConvertible {
    public let generation: Int

    /// What govwatch 0.2 read: bracketed lead-unit clauses only, tables with
    /// a progress column only, no supporting units, no list-form reports.
    public static let version1 = ReadingRules(generation: 1)
    /// Every form in `docs/layouts.md`: bare and supporting-unit clauses,
    /// items by sequence, list-form reports, assignment notices.
    public static let version2 = ReadingRules(generation: 2)
    /// Reports beyond Zhejiang: more headers for the task and progress
    /// columns (项目内容, 工作事项, 进度, 累计完成 …), a supporting-unit
    /// column (配合单位, 协同责任单位; 责任单位 beside 牵头单位), 任务来源 and
    /// percent columns kept as extras, a target column beside the task, a
    /// category column (类别, 领域, 板块) as the entry's section.
    public static let version3 = ReadingRules(generation: 3)
    /// A column headed like the progress (完成情况) that holds only status
    /// phrases while another column holds the progress is the status; a
    /// list on an unknown template is read from its largest text block.
    public static let version4 = ReadingRules(generation: 4)
    /// An attached workbook's date cells read as the dates Excel shows
    /// (`2023-12-31`), not their serial numbers (45291); a download link
    /// that names no file type (`downfile.jsp?id=3`, `附件1`) is read too.
    public static let version5 = ReadingRules(generation: 5)
    public static let current = version5

    /// The rules of a stored generation (an unknown one reads as today's).
    public static func generation(_ number: Int) -> ReadingRules {
        [version1, version2, version3, version4, version5].first { $0.generation == number } ?? current
    }

    /// Bare `责任单位：X`, `配合单位：Y`, angle-bracket groups, `分别牵头`.
    public var readsEveryUnitClause: Bool { generation >= 2 }
    /// `2.1-6月…` as item 2 when item 1 came before; `5. 4 %` never a marker.
    public var readsItemsBySequence: Bool { generation >= 2 }
    /// Tables with units and no progress column, and reports as paragraphs.
    public var readsAssignmentsAndLists: Bool { generation >= 2 }
    /// The wider header vocabulary and column roles of rules 3.
    public var readsWiderVocabulary: Bool { generation >= 3 }
    /// A status-only 完成情况 column beside the progress (``version4``).
    public var readsStatusOnlyColumns: Bool { generation >= 4 }
    /// On a template with no known body container, a list is read from the
    /// largest text block (``version4``).
    public var findsBodyByText: Bool { generation >= 4 }
    /// Date cells of attached workbooks as dates (``version5``).
    public var readsOfficeDates: Bool { generation >= 5 }
    /// Download links that name no file type, read for what their bytes are (``version5``).
    public var readsDownloadLinks: Bool { generation >= 5 }

    public var description: String { "reading rules \(generation)" }
}
