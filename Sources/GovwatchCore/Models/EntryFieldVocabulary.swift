/// Which typed field (``EntryFields``) a column holds, by its header, as
/// reports from Zhejiang, Sichuan, Anhui, Shanghai, Guangdong, Hubei and
/// Liaoning head them. Headers are compared folded (``ComparableText``).
public enum EntryFieldVocabulary {
    public enum Field: Sendable, Hashable { case status, deadline, target, leader, percent, category }

    static let status: Set<String> = [
        "完成状态", "进展状态", "推进状态", "进度状态", "是否滞后", "评价", "完成评价", "进度评价", "状态",
    ]
    static let deadline: Set<String> = [
        "完成时限", "时间节点", "完成时间", "时限", "时限要求", "进度安排", "计划完成时间", "完成期限",
    ]
    static let target: Set<String> = [
        "目标任务", "半年度目标任务", "年度目标", "年度目标任务", "全年目标", "指标要求", "预期目标", "目标",
        "工作目标", "年度计划", "计划目标",
    ]
    static let leader: Set<String> = [
        "责任领导", "牵头领导", "分管领导", "分管市领导", "分管省领导", "牵头负责领导", "责任市领导", "联系领导",
        "分管副市长",
    ]
    static let category: Set<String> = ["类别", "领域", "板块", "分类", "类型", "所属领域"]

    /// The typed field a column headed `header` holds, or nil.
    public static func field(ofHeader header: String) -> Field? {
        let folded = ComparableText.fold(header)
        if status.contains(folded) || (folded.hasSuffix("状态") && folded.count <= 6) { return .status }
        if deadline.contains(folded) { return .deadline }
        if target.contains(folded) { return .target }
        if leader.contains(folded) { return .leader }
        if category.contains(folded) { return .category }
        if folded.contains("%") || folded.hasSuffix("比例") || folded.hasSuffix("完成率") { return .percent }
        return nil
    }
}

/// The words that say a task's status outright, and nothing else.
public enum EntryStatusWords {
    static let phrases: [(EntryStatus.Class, Set<String>)] = [
        (.done, ["已完成", "全面完成", "已全面完成", "已办结", "已完成年度目标", "已完成全年目标", "已完成年度任务"]),
        (.onTrack, ["序时推进", "按序时推进", "达序时", "达序时进度", "已达序时进度", "正常推进", "按时推进", "按计划推进"]),
        (.lagging, ["滞后", "进度滞后", "滞后序时", "滞后于序时进度", "未达序时", "未达序时进度", "未达到序时进度"]),
        (.notStarted, ["未启动", "尚未启动", "未开工", "尚未开工", "未开展", "尚未开展"]),
    ]

    /// The longest phrase's UTF-8 length: a longer clause is none of them,
    /// found without hashing it (most progress items end in a sentence).
    static let longestPhrase = phrases.flatMap(\.1).map(\.utf8.count).max() ?? 0

    /// The class of one clause, when the clause is one of the phrases.
    static func phraseClass(_ clause: String) -> EntryStatus.Class? {
        guard clause.utf8.count <= longestPhrase else { return nil }
        return phrases.first { $0.1.contains(clause) }?.0
    }

    /// A status column's cell: a phrase (`序时推进`), a yes/no under
    /// 是否滞后 (`是` only: `否` says not lagging, not done or on track),
    /// or a cell that opens with a phrase (`滞后（受疫情影响）`).
    public static func status(ofColumn text: String, header: String) -> EntryStatus? {
        let folded = ComparableText.fold(text).trimmingCharacters(in: ".;,!:")
        if ComparableText.fold(header) == "是否滞后" {
            return folded == "是" ? EntryStatus(.lagging, text: text, from: .column) : nil
        }
        let opening = String((clauses(folded).first ?? "").prefix { $0 != "(" })
        if let state = phraseClass(folded) ?? phraseClass(opening) {
            return EntryStatus(state, text: text, from: .column)
        }
        return nil
    }

    /// The status the progress says in so many words: an item that is a
    /// phrase (`已完成。`) or ends in one (`……，进度滞后。`); nothing when two
    /// items disagree or none says it (`已完成投资12亿元`, `已完成，正在验收`
    /// and `一期工程：已完成；二期：正在施工` say no status of the task).
    ///
    /// Each item is folded into one reused buffer and only a last clause
    /// short enough to be a phrase becomes a `String`: folding every item
    /// into a new string was a tenth of a site's build (perf).
    public static func status(ofProgress progress: [String]) -> EntryStatus? {
        var found: (EntryStatus.Class, String)?
        var folded: [UInt8] = []
        for var item in progress {
            folded.removeAll(keepingCapacity: true)
            item.withUTF8 { bytes in ComparableText.forEachFoldedByte(bytes) { folded.append($0) } }
            guard let clause = folded.withUnsafeBufferPointer(shortLastClause), let state = phraseClass(clause) else {
                continue
            }
            if let found, found.0 != state { return nil }
            found = (state, clause)
        }
        return found.map { EntryStatus($0.0, text: $0.1, from: .text) }
    }

    /// The last clause of a folded item when it could be a phrase: none
    /// when the item has a `:` (it names a part) or the clause is longer
    /// than any phrase.
    private static func shortLastClause(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard !bytes.contains(UInt8(ascii: ":")) else { return nil }
        var last: Range<Int>?
        forEachClause(in: bytes) { last = $0 }
        guard let last, last.count <= longestPhrase else { return nil }
        return string(bytes, last)
    }

    /// A percent cell as a number and `%` (`85`, `85%`, `85 ％` → `85%`);
    /// nil when it is not one number.
    public static func percent(_ text: String) -> String? {
        let folded = ComparableText.fold(text).trimmingCharacters(in: "% ")
        guard !folded.isEmpty, folded.allSatisfy({ $0.isNumber || $0 == "." }), Double(folded) != nil else {
            return nil
        }
        return folded + "%"
    }

    /// Folded text cut at its clause marks (`,.;!?、`, and line feeds, which
    /// folding leaves out of progress items anyway), empty clauses left out.
    static func clauses(_ folded: String) -> [String] {
        var text = folded
        return text.withUTF8 { bytes in
            var clauses: [String] = []
            forEachClause(in: bytes) { clauses.append(string(bytes, $0)) }
            return clauses
        }
    }

    /// Calls `body` with the range of each clause of folded text's UTF-8,
    /// in order, empty ones left out. By bytes: splitting by Character
    /// compared each of a report's characters with each mark under
    /// Unicode's rules, a quarter of a cold cycle with the reviewer site. One
    /// difference: a mark followed by a combining mark or a variation
    /// selector (`、` U+FE0F) ends its clause here, where a Character split
    /// saw one other character. Statuses are shown, never hashed.
    private static func forEachClause(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        var start = 0
        var index = 0
        while index < bytes.count {
            let mark = markLength(bytes, at: index)
            guard mark > 0 else {
                index += 1
                continue
            }
            if index > start { body(start..<index) }
            index += mark
            start = index
        }
        if bytes.count > start { body(start..<bytes.count) }
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// The length of the clause mark at `index`, 0 for none: ASCII
    /// `,.;!?` and line feed, or `、` (E3 80 81).
    private static func markLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        switch bytes[index] {
        case 0x2C, 0x2E, 0x3B, 0x21, 0x3F, 0x0A: 1
        case 0xE3 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x81: 3
        default: 0
        }
    }
}
