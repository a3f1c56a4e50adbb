/// The change log reviewers read: alerts turned into documents, entries and
/// marked text, newest first.
public struct ChangeLog: Sendable, Hashable, Codable {
    public struct Filter: Sendable {
        public var since: Timestamp?
        public var until: Timestamp?
        public var source: String?
        /// Only entries with a lead unit whose name contains this (folded comparison).
        public var unit: String?
        /// `unit` also matches supporting units (配合单位).
        public var includesSupporting: Bool
        public var kinds: Set<Alert.Kind>?

        public init(
            since: Timestamp? = nil, until: Timestamp? = nil, source: String? = nil, unit: String? = nil,
            includesSupporting: Bool = false, kinds: Set<Alert.Kind>? = nil
        ) {
            self.since = since
            self.until = until
            self.source = source
            self.unit = unit
            self.includesSupporting = includesSupporting
            self.kinds = kinds
        }
    }

    /// One alert about one document, with its entries.
    public struct DocumentChanges: Sendable, Hashable, Codable {
        public var alertID: String
        public var kind: Alert.Kind
        public var source: String
        public var url: String?
        public var title: String?
        public var detectedAt: String
        public var summary: String
        public var previous: Alert.DocumentReference?
        public var fields: [FieldChange]
        public var entries: [EntryLog]
    }

    /// One entry's change with character-level marking.
    public struct EntryLog: Sendable, Hashable, Codable {
        public var change: EntryChange.Kind
        public var key: String
        public var number: String?
        public var section: String?
        public var task: String
        public var leadUnits: [String]
        /// The lead units before, when they changed (nil otherwise).
        public var leadUnitsBefore: [String]?
        /// Supporting units (配合单位); nil when none, so logs of layouts
        /// without them read as before.
        public var supportingUnits: [String]?
        /// The supporting units before, when they changed (nil otherwise).
        public var supportingUnitsBefore: [String]?
        /// The task's status (``EntryStatus``) as its report words it, now;
        /// nil when the report gives none.
        public var status: String?
        /// The status before, when its class changed (`""`: none was given).
        public var statusBefore: String?
        /// The task text, marked (empty when unchanged).
        public var taskDiff: [CharacterDiff.Segment]
        /// Progress items: each added, removed or rewritten item, marked.
        public var progress: [ItemLog]
        /// The attached file the entry was read from (``EntryChange/attachment``).
        public var attachment: String?

        /// True when an item is new or rewritten (not only dropped).
        public var hasNewProgress: Bool { progress.contains { $0.change != .removed } }
    }

    public struct ItemLog: Sendable, Hashable, Codable {
        public var change: EntryChange.Kind
        public var segments: [CharacterDiff.Segment]
    }

    public var generatedAt: String
    public var documents: [DocumentChanges]

    /// Builds the log from alerts in the order they were committed, newest
    /// first (ties in `detectedAt`, within one second, keep commit order).
    public static func build(alerts: [Alert], filter: Filter, generatedAt: Timestamp) -> ChangeLog {
        var documents: [DocumentChanges] = []
        let unit = filter.unit.map(ComparableText.fold)
        let ordered = alerts.enumerated().sorted {
            ($0.element.detectedAt, $0.offset) > ($1.element.detectedAt, $1.offset)
        }.map(\.element)
        for alert in ordered {
            if let kinds = filter.kinds, !kinds.contains(alert.kind) { continue }
            if let source = filter.source, alert.source != source { continue }
            let detected = Timestamp(rfc3339: alert.detectedAt)
            if let since = filter.since, let detected, detected < since { continue }
            if let until = filter.until, let detected, detected > until { continue }
            var entries = alert.changes.map(entryLog)
            if let unit {
                entries = entries.filter { entry in
                    let units = entry.leadUnits + (filter.includesSupporting ? entry.supportingUnits ?? [] : [])
                    return units.contains { ComparableText.fold($0).containsUTF8(unit) }
                }
                if entries.isEmpty { continue }
            }
            documents.append(
                DocumentChanges(
                    alertID: alert.id, kind: alert.kind, source: alert.source, url: alert.url, title: alert.title,
                    detectedAt: alert.detectedAt, summary: alert.summary, previous: alert.previous,
                    fields: alert.fieldChanges,
                    entries: entries
                ))
        }
        return ChangeLog(generatedAt: generatedAt.rfc3339, documents: documents)
    }

    static func entryLog(_ change: EntryChange) -> EntryLog {
        var items: [ItemLog] = []
        let before = change.before?.progress ?? []
        let after = change.after?.progress ?? []
        switch change.change {
        case .added:
            items = after.map { ItemLog(change: .added, segments: [.init(.insert, $0)]) }
        case .removed:
            items = before.map { ItemLog(change: .removed, segments: [.init(.delete, $0)]) }
        case .modified:
            items = progressEdits(change).map { edit in
                switch edit {
                case let .edited(old, new): ItemLog(change: .modified, segments: CharacterDiff.diff(old, new))
                case let .added(new): ItemLog(change: .added, segments: [.init(.insert, new)])
                case let .removed(old): ItemLog(change: .removed, segments: [.init(.delete, old)])
                }
            }
        }
        let taskBefore = change.before?.task ?? change.task
        let taskAfter = change.after?.task ?? change.task
        let taskDiff =
            ComparableText.fold(taskBefore) == ComparableText.fold(taskAfter)
            ? [] : CharacterDiff.diff(taskBefore, taskAfter)
        return EntryLog(
            change: change.change, key: change.key, number: change.number, section: change.section,
            task: change.task, leadUnits: change.leadUnits,
            leadUnitsBefore: change.fields.contains("leadUnits") ? change.before?.leadUnits : nil,
            supportingUnits: change.supportingUnits.isEmpty ? nil : change.supportingUnits,
            supportingUnitsBefore: change.fields.contains("supportingUnits") ? change.before?.supportingUnits : nil,
            status: change.after?.typed.status?.text,
            statusBefore: Self.statusBefore(change),
            taskDiff: taskDiff,
            progress: items, attachment: change.attachment)
    }

    /// The status a modified entry had, when its class changed.
    static func statusBefore(_ change: EntryChange) -> String? {
        change.statusChange.map { $0.before?.text ?? "" }
    }

    /// A modified entry's progress items as edits: a removed item paired with
    /// an added one when they share most text (an edited item), then the
    /// items only added, in order, then those only removed.
    public static func progressEdits(_ change: EntryChange) -> [ProgressEdit] {
        var removed = change.progressRemoved
        var edits: [ProgressEdit] = []
        for added in change.progressAdded {
            if let index = removed.firstIndex(where: { similar($0, added) }) {
                edits.append(.edited(removed.remove(at: index), added))
            } else {
                edits.append(.added(added))
            }
        }
        return edits + removed.map(ProgressEdit.removed)
    }

    public enum ProgressEdit: Sendable, Hashable {
        case edited(String, String)
        case added(String)
        case removed(String)
    }

    /// Two items are versions of one when over half of the shorter one survives.
    static func similar(_ a: String, _ b: String) -> Bool {
        let segments = CharacterDiff.diff(a, b)
        let kept = segments.filter { $0.operation == .equal }.reduce(0) { $0 + $1.text.count }
        return kept * 2 > min(a.count, b.count)
    }
}
