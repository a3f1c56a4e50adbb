/// One entry that differs between two versions of a report, or between a
/// report and the previous report of its series.
public struct EntryChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case added, removed, modified }

    public var change: Kind
    public var key: String
    public var number: String?
    public var section: String?
    public var task: String
    public var leadUnits: [String]
    /// Written only when there are some (alerts of other layouts read as before).
    public var supportingUnits: [String] = []
    public var before: EntryContent?
    public var after: EntryContent?
    /// Progress items (display text) present after and not before.
    public var progressAdded: [String]
    /// Progress items present before and not after.
    public var progressRemoved: [String]
    /// Which parts changed: `task`, `leadUnits`, `supportingUnits`, `progress`, `extras`.
    public var fields: [String]
    /// For a report read from attached files, the file the entry was read
    /// from (its name as the page shows it): the new report's for an added
    /// or modified entry, the old one's for a removed one. Written only
    /// when there is one.
    public var attachment: String?

    enum CodingKeys: String, CodingKey {
        case change, key, number, section, task, leadUnits, supportingUnits, before, after, progressAdded
        case progressRemoved, fields, attachment
    }

    init(
        change: Kind, key: String, number: String?, section: String?, task: String, leadUnits: [String],
        supportingUnits: [String] = [], before: EntryContent?, after: EntryContent?, progressAdded: [String],
        progressRemoved: [String], fields: [String]
    ) {
        self.change = change
        self.key = key
        self.number = number
        self.section = section
        self.task = task
        self.leadUnits = leadUnits
        self.supportingUnits = supportingUnits
        self.before = before
        self.after = after
        self.progressAdded = progressAdded
        self.progressRemoved = progressRemoved
        self.fields = fields
    }

    /// Alerts stored before supporting units existed decode with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        change = try c.decode(Kind.self, forKey: .change)
        key = try c.decode(String.self, forKey: .key)
        number = try c.decodeIfPresent(String.self, forKey: .number)
        section = try c.decodeIfPresent(String.self, forKey: .section)
        task = try c.decode(String.self, forKey: .task)
        leadUnits = try c.decode([String].self, forKey: .leadUnits)
        supportingUnits = try c.decodeIfPresent([String].self, forKey: .supportingUnits) ?? []
        before = try c.decodeIfPresent(EntryContent.self, forKey: .before)
        after = try c.decodeIfPresent(EntryContent.self, forKey: .after)
        progressAdded = try c.decode([String].self, forKey: .progressAdded)
        progressRemoved = try c.decode([String].self, forKey: .progressRemoved)
        fields = try c.decode([String].self, forKey: .fields)
        attachment = try c.decodeIfPresent(String.self, forKey: .attachment)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(change, forKey: .change)
        try c.encode(key, forKey: .key)
        try c.encode(number, forKey: .number)
        try c.encode(section, forKey: .section)
        try c.encode(task, forKey: .task)
        try c.encode(leadUnits, forKey: .leadUnits)
        if !supportingUnits.isEmpty { try c.encode(supportingUnits, forKey: .supportingUnits) }
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
        try c.encode(progressAdded, forKey: .progressAdded)
        try c.encode(progressRemoved, forKey: .progressRemoved)
        try c.encode(fields, forKey: .fields)
        try c.encodeIfPresent(attachment, forKey: .attachment)
    }
}

/// A metadata field (title, 索引号, 发布机构 …) that changed.
public struct FieldChange: Sendable, Hashable, Codable {
    public var field: String
    public var before: String?
    public var after: String?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(field, forKey: .field)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
    }

    enum CodingKeys: String, CodingKey { case field, before, after }
}

/// What changed between two snapshots of one document.
public struct DocumentDiff: Sendable, Hashable {
    public var entries: [EntryChange]
    public var fields: [FieldChange]

    public var isEmpty: Bool { entries.isEmpty && fields.isEmpty }

    public func count(_ kind: EntryChange.Kind) -> Int { entries.filter { $0.change == kind }.count }
}

/// Compares snapshots in their folded form, so changes in whitespace, NBSP,
/// Word span markup or full-/half-width punctuation are never reported.
public enum DocumentDiffer {
    /// Changes from `old` to `new` of the same document.
    ///
    /// Entries are matched by key (section + task text). What is left is then
    /// matched by 序号 within a section, so an edited task reads as one
    /// modified entry rather than a removal and an addition.
    public static func diff(old: DocumentSnapshot, new: DocumentSnapshot) -> DocumentDiff {
        var fields: [FieldChange] = []
        for (before, after) in zip(old.fields, new.fields)
        where ComparableText.fold(before.value ?? "") != ComparableText.fold(after.value ?? "") {
            fields.append(FieldChange(field: before.name, before: before.value, after: after.value))
        }
        // The files the report was read from, by the names the page shows
        // them by, in name order: a file added, removed or renamed is named
        // (their entries are diffed as a page's are); files listed in another
        // order are not. Outside the content hash, as the files are.
        let (was, now) = (old.readFrom, new.readFrom)
        if was != now { fields.append(FieldChange(field: "attachments", before: was, after: now)) }
        let pairs = match(old.entries, new.entries) { entry in entry.number.map { "\(entry.section ?? "")\u{1F}\($0)" }
        }
        var entries = changes(pairs)
        if !old.attachments.isEmpty || !new.attachments.isEmpty {
            let (was, now) = (old.fileOfEntry, new.fileOfEntry)
            for index in entries.indices {
                let key = entries[index].key
                entries[index].attachment = entries[index].change == .removed ? was[key] : now[key]
            }
        }
        return DocumentDiff(entries: entries, fields: fields)
    }

    /// What each task's progress added since the previous report of a series.
    /// Entries are matched by task identity (folded task text), never by 序号,
    /// which differs between reports.
    public static func progressSince(previous: DocumentSnapshot, current: DocumentSnapshot) -> [EntryChange] {
        let pairs = match(previous.entries, current.entries, bySection: false) { _ in nil }
        return changes(pairs)
    }

    typealias Pair = (old: ReportEntry?, new: ReportEntry?)

    /// Pairs entries by key (or by folded task alone across reports), then by
    /// `fallback`, keeping the new document's order; unmatched old entries
    /// follow as removals.
    static func match(
        _ oldEntries: [ReportEntry], _ newEntries: [ReportEntry], bySection: Bool = true,
        fallback: (ReportEntry) -> String?
    ) -> [Pair] {
        func identity(_ entry: ReportEntry) -> String {
            bySection ? entry.key : ComparableText.fold(entry.task)
        }
        var oldByIdentity: [String: [Int]] = [:]
        for (index, entry) in oldEntries.enumerated() { oldByIdentity[identity(entry), default: []].append(index) }
        var usedOld = Set<Int>()
        var result: [Pair] = []
        var unmatchedNew: [Int] = []
        for entry in newEntries {
            if var candidates = oldByIdentity[identity(entry)], !candidates.isEmpty {
                let oldIndex = candidates.removeFirst()
                oldByIdentity[identity(entry)] = candidates
                usedOld.insert(oldIndex)
                result.append((oldEntries[oldIndex], entry))
            } else {
                unmatchedNew.append(result.count)
                result.append((nil, entry))
            }
        }
        var oldByFallback: [String: Int] = [:]
        for (index, entry) in oldEntries.enumerated() where !usedOld.contains(index) {
            if let key = fallback(entry), oldByFallback[key] == nil { oldByFallback[key] = index }
        }
        for position in unmatchedNew {
            guard let entry = result[position].new, let key = fallback(entry), let oldIndex = oldByFallback[key],
                !usedOld.contains(oldIndex)
            else { continue }
            usedOld.insert(oldIndex)
            result[position] = (oldEntries[oldIndex], entry)
        }
        for (index, entry) in oldEntries.enumerated() where !usedOld.contains(index) {
            result.append((entry, nil))
        }
        return result
    }

    static func changes(_ pairs: [Pair]) -> [EntryChange] {
        var changes: [EntryChange] = []
        for pair in pairs {
            switch (pair.old, pair.new) {
            case let (nil, new?):
                changes.append(
                    EntryChange(
                        change: .added, key: new.key, number: new.number, section: new.section, task: new.task,
                        leadUnits: new.leadUnits, supportingUnits: new.supportingUnits, before: nil,
                        after: new.content,
                        progressAdded: new.progress, progressRemoved: [], fields: []
                    ))
            case let (old?, nil):
                changes.append(
                    EntryChange(
                        change: .removed, key: old.key, number: old.number, section: old.section, task: old.task,
                        leadUnits: old.leadUnits, supportingUnits: old.supportingUnits, before: old.content,
                        after: nil,
                        progressAdded: [], progressRemoved: old.progress, fields: []
                    ))
            case let (old?, new?):
                // Most entries of a changed report are untouched: equal text
                // folds equal, so skip the folding.
                if same(old.task, new.task), same(old.leadUnits, new.leadUnits), same(old.progress, new.progress),
                    same(old.extras, new.extras), same(old.supportingUnits, new.supportingUnits)
                {
                    continue
                }
                let before = old.content.folded
                let after = new.content.folded
                var fields: [String] = []
                if before.task != after.task { fields.append("task") }
                if before.leadUnits != after.leadUnits { fields.append("leadUnits") }
                if before.supportingUnits != after.supportingUnits { fields.append("supportingUnits") }
                if before.progress != after.progress { fields.append("progress") }
                if before.extras != after.extras { fields.append("extras") }
                guard !fields.isEmpty else { continue }
                let oldItems = Set(before.progress)
                let newItems = Set(after.progress)
                changes.append(
                    EntryChange(
                        change: .modified, key: new.key, number: new.number, section: new.section, task: new.task,
                        leadUnits: new.leadUnits, supportingUnits: new.supportingUnits, before: old.content,
                        after: new.content,
                        progressAdded: zip(new.progress, after.progress).filter { !oldItems.contains($0.1) }.map(\.0),
                        progressRemoved: zip(old.progress, before.progress).filter { !newItems.contains($0.1) }.map(
                            \.0),
                        fields: fields
                    ))
            case (nil, nil):
                continue
            }
        }
        return changes
    }
}

extension DocumentDiffer {
    /// `==`, by bytes first: an untouched entry read again from the page
    /// is the same bytes as the stored one, and `==` on Chinese text
    /// compares under Unicode's rules (a quarter of diffing a changed report,
    /// perf of the mixed cycle). Bytes that differ are compared by `==`,
    /// so the answer is `==`'s.
    static func same(_ a: String, _ b: String) -> Bool { SameBytes.text(a, b) || a == b }

    static func same(_ a: [String], _ b: [String]) -> Bool { SameBytes.texts(a, b) || a == b }

    static func same(_ a: [String: String], _ b: [String: String]) -> Bool {
        a.count == b.count && a.allSatisfy { key, value in b[key].map { same(value, $0) } ?? false }
    }
}

extension EntryChange {
    /// A modified entry's status before and after, when its class changed
    /// (a new wording of the same class is no change); nil otherwise.
    public var statusChange: (before: EntryStatus?, after: EntryStatus?)? {
        guard change == .modified, let before, let after else { return nil }
        let (was, now) = (before.typed.status, after.typed.status)
        return was?.state == now?.state ? nil : (was, now)
    }
}
