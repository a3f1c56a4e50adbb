/// Builds alerts with their deterministic ids and one-line summaries.
public struct AlertFactory: Sendable {
    public let source: String
    public let detectedAt: Timestamp
    /// What tells a document's event from its earlier ones: its revision
    /// (``document(revision:)``); nil: the time of detection.
    public private(set) var event: String?

    /// The source as reviewers know it (its `title`), in summaries; ids
    /// and the `source` key keep its name.
    public let sourceTitle: String

    public init(source: String, detectedAt: Timestamp, sourceTitle: String? = nil) {
        self.source = source
        self.detectedAt = detectedAt
        self.sourceTitle = sourceTitle ?? source
    }

    /// The factory for alerts about a document at `revision` (how many
    /// alerts it raised before, ``StoredDocument/revision``): their ids are
    /// derived from the stored state the event was decided on, so deciding
    /// twice on the same state (two processes, a restored backup) gives the
    /// same ids, while an edit undone and made again is a new revision.
    public func document(revision: Int) -> AlertFactory {
        var factory = self
        factory.event = "r\(revision)"
        return factory
    }

    /// Ids hash the event: kind, source, document, content hashes and, for
    /// document events, the document's revision (or the detection time), so
    /// an edit that is undone and made again is a new alert. Redelivery
    /// never re-derives an id: the outbox stores it with the alert.
    var occurrence: String { event ?? String(detectedAt.epochSeconds) }

    func id(_ kind: Alert.Kind, _ parts: [String]) -> String {
        // Two independent 64-bit hashes: 128 bits, so ids never collide in practice.
        let forward = StableHash.hex(of: [kind.rawValue, source] + parts)
        let salted = StableHash.hex(of: ["govwatch/2", kind.rawValue, source] + parts)
        return forward + salted
    }

    public func published(
        url: String, snapshot: DocumentSnapshot, previous: (url: String, snapshot: DocumentSnapshot)?,
        parseError: String? = nil, contentHash: String? = nil
    ) -> Alert {
        let hash = contentHash ?? snapshot.contentHash
        let title = snapshot.title ?? url
        var summary = "新报告：\(title)（\(snapshot.entries.count)项任务）"
        var changes: [EntryChange] = []
        var reference: Alert.DocumentReference?
        if let previous {
            changes = DocumentDiffer.progressSince(previous: previous.snapshot, current: snapshot)
            reference = Alert.DocumentReference(url: previous.url, title: previous.snapshot.title)
            let advanced = changes.filter { $0.change == .modified && !$0.progressAdded.isEmpty }.count
            let added = changes.filter { $0.change == .added }.count
            summary += "；较「\(previous.snapshot.title ?? previous.url)」\(advanced)项任务有新进展"
            if added > 0 { summary += "，\(added)项为新任务" }
        }
        if let parseError { summary += "；\(ReviewerWords.reason(parseError))" }
        return Alert(
            id: id(.documentPublished, [url, hash, occurrence]), kind: .documentPublished,
            source: source,
            url: url, title: snapshot.title, detectedAt: detectedAt.rfc3339, publishedAt: snapshot.publishedAt,
            summary: summary, changes: changes, previous: reference, entryCount: snapshot.entries.count,
            reason: parseError, contentHash: hash
        )
    }

    /// `；第3项牵头单位：市建设局 → 市建设局、市发改委`, `；第2项状态：序时推进 → 滞后`:
    /// who leads a task and whether it lags are what a reader of the alert
    /// looks for first, so unit and status changes (at most three) are
    /// named in the summary itself.
    static func unitChanges(_ changes: [EntryChange]) -> String {
        var notes: [String] = []
        for change in changes where change.change == .modified {
            guard let before = change.before, let after = change.after else { continue }
            let name = change.number.map { "第\($0)项" } ?? "「\(change.task.prefix(12))」"
            if let (was, now) = change.statusChange {
                notes.append("\(name)状态：\(was?.text ?? "未注明") → \(now?.text ?? "未注明")")
            }
            if change.fields.contains("leadUnits") {
                notes.append(
                    "\(name)牵头单位：\(ReviewerWords.units(before.leadUnits)) → \(ReviewerWords.units(after.leadUnits))")
            }
            if change.fields.contains("supportingUnits") {
                notes.append(
                    "\(name)配合单位：\(ReviewerWords.units(before.supportingUnits)) → \(ReviewerWords.units(after.supportingUnits))"
                )
            }
        }
        guard !notes.isEmpty else { return "" }
        let shown = notes.prefix(3).joined(separator: "；")
        return "；" + shown + (notes.count > 3 ? "；另有\(notes.count - 3)处单位或状态变更" : "")
    }

    /// `hashes`: the two content hashes when the caller has them (each
    /// costs a fold of every entry).
    public func changed(
        url: String, old: DocumentSnapshot, new: DocumentSnapshot, diff: DocumentDiff,
        hashes: (old: String, new: String)? = nil
    ) -> Alert {
        let (oldHash, newHash) = hashes ?? (old.contentHash, new.contentHash)
        let title = new.title ?? old.title ?? url
        var parts = Self.entryCounts(diff)
        if !diff.fields.isEmpty {
            parts.append("信息变化：" + diff.fields.map { ReviewerWords.fieldLabel($0.field) }.joined(separator: "、"))
        }
        let units = Self.unitChanges(diff.entries)
        return Alert(
            id: id(.documentChanged, [url, oldHash, newHash, occurrence]), kind: .documentChanged,
            source: source,
            url: url, title: new.title, detectedAt: detectedAt.rfc3339, publishedAt: new.publishedAt,
            summary: "报告更新：\(title)：" + parts.joined(separator: "，") + units, changes: diff.entries,
            entryCount: new.entries.count, fieldChanges: diff.fields, contentHash: newHash,
            previousContentHash: oldHash
        )
    }

    /// `["2项修改", "1项删除"]`: the entries a diff changed, by kind.
    static func entryCounts(_ diff: DocumentDiff) -> [String] {
        [(EntryChange.Kind.modified, "修改"), (.added, "新增"), (.removed, "删除")].compactMap { kind, word in
            diff.count(kind) > 0 ? "\(diff.count(kind))项\(word)" : nil
        }
    }

    /// A report that was unparsed reads again (恢复解析). `diff`: what differs
    /// from the last content that was read, when any was (its changes are
    /// listed as a changed alert's are); `previousHash`: that content's hash.
    public func recoveredDocument(
        url: String, snapshot: DocumentSnapshot, diff: DocumentDiff?, hash: String, previousHash: String?
    ) -> Alert {
        let title = snapshot.title ?? url
        var summary = "恢复解析：\(title)（\(snapshot.entries.count)项任务）"
        if let diff, !diff.isEmpty {
            let parts = Self.entryCounts(diff)
            if !parts.isEmpty { summary += "；较上次读到的内容：" + parts.joined(separator: "，") }
        }
        return Alert(
            id: id(.documentRecovered, [url, hash, occurrence]), kind: .documentRecovered,
            source: source, url: url, title: snapshot.title, detectedAt: detectedAt.rfc3339,
            publishedAt: snapshot.publishedAt, summary: summary, changes: diff?.entries ?? [],
            entryCount: snapshot.entries.count, fieldChanges: diff?.fields ?? [], contentHash: hash,
            previousContentHash: previousHash)
    }

    public func removed(url: String, last: DocumentSnapshot?, title: String?, status: Int) -> Alert {
        let name = last?.title ?? title ?? url
        let lastHash = last?.contentHash
        return Alert(
            id: id(.documentRemoved, [url, lastHash ?? "", occurrence]), kind: .documentRemoved,
            source: source,
            url: url, title: last?.title ?? title, detectedAt: detectedAt.rfc3339, publishedAt: last?.publishedAt,
            summary: "报告已撤下：\(name)（网站返回状态码\(status)）", entryCount: last?.entries.count,
            reason: "gone from its listing and answers HTTP \(status)", previousContentHash: lastHash
        )
    }

    public func unparsed(url: String, last: DocumentSnapshot, reason: String) -> Alert {
        let name = last.title ?? url
        let lastHash = last.contentHash
        return Alert(
            id: id(.documentUnparsed, [url, lastHash, reason, occurrence]),
            kind: .documentUnparsed, source: source,
            url: url, title: last.title, detectedAt: detectedAt.rfc3339, publishedAt: last.publishedAt,
            summary: "报告无法解析，保留上次内容：\(name)：\(ReviewerWords.reason(reason))", entryCount: last.entries.count,
            reason: reason,
            previousContentHash: lastHash
        )
    }

    /// `episode` names the failure episode (when it began), so each episode alerts once.
    public func failing(failures: Int, error: String, episode: Timestamp) -> Alert {
        Alert(
            id: id(.sourceFailing, [episode.rfc3339]), kind: .sourceFailing, source: source,
            detectedAt: detectedAt.rfc3339,
            summary: "来源异常：\(sourceTitle) 连续\(failures)次失败：\(ReviewerWords.reason(error))", reason: error
        )
    }

    public func recovered(failures: Int, episode: Timestamp) -> Alert {
        Alert(
            id: id(.sourceRecovered, [episode.rfc3339]), kind: .sourceRecovered, source: source,
            detectedAt: detectedAt.rfc3339, summary: "来源恢复：\(sourceTitle)（此前连续\(failures)次失败）"
        )
    }

    /// A series' next report is overdue: one alert per series and missing
    /// period (its id names them, not the day it was noticed), pointing at
    /// the series' latest report.
    public func overdue(_ late: PublicationCalendar.Overdue) -> Alert {
        Alert(
            id: id(.seriesOverdue, [late.seriesKey, String(late.expectedEnd)]), kind: .seriesOverdue, source: source,
            url: late.latest.url, title: late.seriesName, detectedAt: detectedAt.rfc3339,
            publishedAt: late.latest.publishedAt,
            summary: "逾期未发布：\(late.seriesName)的\(late.expectedPeriod)报告应于\(late.dueBy)前发布，已逾期\(late.daysLate)天"
                + "（最近一期：\(late.latest.title)）"
        )
    }

    /// `documents`: each new document's URL, title and entry count (not its
    /// snapshot: a cold cycle commits its pages in batches and keeps none).
    public func baseline(documents: [(url: String, title: String?, entries: Int)]) -> Alert {
        let entries = documents.reduce(0) { $0 + $1.entries }
        return Alert(
            id: id(.sourceBaseline, documents.map(\.url).sorted()), kind: .sourceBaseline, source: source,
            detectedAt: detectedAt.rfc3339,
            summary: "开始监测：\(sourceTitle)，已记录\(documents.count)篇文档、\(entries)项任务",
            entryCount: entries,
            documents: documents.map { Alert.DocumentReference(url: $0.url, title: $0.title) }
        )
    }
}
