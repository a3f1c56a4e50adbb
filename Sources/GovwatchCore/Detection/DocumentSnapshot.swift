/// What govwatch remembers of a document: its extracted content, the thing
/// compared between fetches. Volatile markup never gets here, so comparing
/// snapshots cannot raise alerts for visit counters or tokens.
@dynamicMemberLookup
public struct DocumentSnapshot: Sendable, Hashable, Codable {
    public var metadata: DocumentMetadata
    /// A progress report or an assignment notice. Not part of
    /// ``contentHash``: it follows from the entries' columns.
    public var kind: ReportKind = .progress
    public var entries: [ReportEntry]
    /// The files the entries were read from, when the page's report is in
    /// its attachments (附件), in order: the first file's entries come
    /// first. Not part of ``contentHash``: a file of other bytes with the
    /// same report is no change.
    public var attachments: [AttachedFile] = []

    public init(article: Article) {
        metadata = article.metadata
        kind = article.kind
        entries = article.entries
        attachments = article.linkedFiles
    }

    public init(metadata: DocumentMetadata, kind: ReportKind = .progress, entries: [ReportEntry]) {
        self.metadata = metadata
        self.kind = kind
        self.entries = entries
    }

    public init(title: String?, entries: [ReportEntry]) {
        self.init(metadata: DocumentMetadata(title: title), entries: entries)
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<DocumentMetadata, Value>) -> Value {
        get { metadata[keyPath: field] }
        set { metadata[keyPath: field] = newValue }
    }

    enum CodingKeys: String, CodingKey { case kind, entries, attachments }

    /// Snapshots stored as JSON by early versions have no `kind`.
    public init(from decoder: any Decoder) throws {
        metadata = try DocumentMetadata(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(ReportKind.self, forKey: .kind, absent: .progress)
        entries = try c.decode([ReportEntry].self, forKey: .entries)
        attachments = try c.decodeIfPresent([AttachedFile].self, forKey: .attachments) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        try metadata.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(entries, forKey: .entries)
        if !attachments.isEmpty { try c.encode(attachments, forKey: .attachments) }
    }

    /// The metadata fields compared between versions, by JSON name.
    public var fields: [(name: String, value: String?)] { metadata.compared }

    /// The file each entry was read from, by the entry's key (its name as
    /// the page shows it): the first file's entries come first. Empty for a
    /// report read from its page.
    public var fileOfEntry: [String: String] {
        var files: [String: String] = [:]
        var start = 0
        for file in attachments where file.wasFetched && file.entries > 0 {
            let end = min(start + file.entries, entries.count)
            for entry in entries[start..<end] { files[entry.key] = file.name }
            start = end
        }
        return files
    }

    /// The names of the files the entries were read from, in name order
    /// (the page listing them in another order is no change), joined by 、
    /// as reviewers read them; nil for a report read from its page.
    public var readFrom: String? {
        let names = Set(attachments.filter(\.wasFetched).map(\.name)).sorted()
        return names.isEmpty ? nil : names.joined(separator: "、")
    }

    /// A hash of the comparable form: equal for two versions that differ only
    /// in whitespace, NBSP or full-/half-width punctuation.
    ///
    /// Streams the folded text into the hash. The bytes hashed are exactly
    /// those of each field's folded value and each entry's
    /// ``EntryContent/fingerprint``, so hashes stored by earlier versions
    /// stay valid.
    public var contentHash: String {
        var hash = StableHash()
        for (name, value) in fields {
            hash.combine(name)
            hash.combine(byte: 0x1E)
            ComparableText.hashFolded(value ?? "", into: &hash)
            hash.combine(byte: 0x1F)
        }
        for entry in entries {
            entry.content.hashFingerprint(into: &hash)
            hash.combine(byte: 0x1D)
        }
        return hash.hex
    }
}

/// An entry's content in the folded form used for comparison: equal for
/// two versions that differ only in whitespace, NBSP or full-/half-width
/// punctuation. The 序号 and the section are not content: a row inserted
/// above renumbers every later row without changing any of them.
extension EntryContent {
    /// Each text folded (``ComparableText``), empty extra columns dropped.
    public var folded: EntryContent {
        EntryContent(
            task: ComparableText.fold(task), leadUnits: leadUnits.map(ComparableText.fold),
            supportingUnits: supportingUnits.map(ComparableText.fold), progress: progress.map(ComparableText.fold),
            extras: Self.foldedExtras(extras))
    }

    /// Extra columns folded, the empty ones dropped.
    static func foldedExtras(_ extras: [String: String]) -> [String: String] {
        extras.mapValues(ComparableText.fold).filter { !$0.value.isEmpty }
    }

    /// The folded extras as the fingerprint spells them: `name=value`, sorted by name.
    static func extraText(_ folded: [String: String]) -> String {
        folded.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
    }

    /// Feeds `hash` the bytes of `folded.fingerprint` without building it.
    /// Supporting units come last and only when there are some, so entries
    /// of layouts without them hash as they always did. Stored hashes are a
    /// contract: a field added later must feed nothing when it is absent.
    func hashFingerprint(into hash: inout StableHash) {
        ComparableText.hashFolded(task, into: &hash)
        for list in [leadUnits, progress] {
            hash.combine(byte: 0x1E)
            for (index, item) in list.enumerated() {
                if index > 0 { hash.combine(byte: 0x1F) }
                ComparableText.hashFolded(item, into: &hash)
            }
        }
        hash.combine(byte: 0x1E)
        if !extras.isEmpty {  // rare: columns other than the known ones
            hash.combine(Self.extraText(Self.foldedExtras(extras)))
        }
        if !supportingUnits.isEmpty {
            hash.combine(byte: 0x1C)
            for (index, unit) in supportingUnits.enumerated() {
                if index > 0 { hash.combine(byte: 0x1F) }
                ComparableText.hashFolded(unit, into: &hash)
            }
        }
    }

    /// The folded content as one string (of a `folded` value): what
    /// ``hashFingerprint(into:)`` feeds the hash.
    var fingerprint: String {
        let base = [
            task, leadUnits.joined(separator: "\u{1F}"), progress.joined(separator: "\u{1F}"),
            Self.extraText(extras),
        ]
        .joined(separator: "\u{1E}")
        return supportingUnits.isEmpty ? base : base + "\u{1C}" + supportingUnits.joined(separator: "\u{1F}")
    }
}
