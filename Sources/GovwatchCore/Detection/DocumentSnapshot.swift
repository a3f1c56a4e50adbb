/// What govwatch remembers of a document: its extracted content, the thing
/// compared between fetches. Volatile markup never gets here, so comparing
/// snapshots cannot raise alerts for visit counters or tokens.
public struct DocumentSnapshot: Sendable, Hashable, Codable {
    public var title: String?
    public var indexNumber: String?
    public var category: String?
    public var publisher: String?
    public var generatedDate: String?
    public var disclosure: String?
    public var publishedAt: String?
    public var source: String?
    public var columnName: String?
    /// A progress report or an assignment notice. Not part of
    /// ``contentHash``: it follows from the entries' columns.
    public var kind: ReportKind = .progress
    public var entries: [ReportEntry]

    public init(article: Article) {
        title = article.title
        indexNumber = article.indexNumber
        category = article.category
        publisher = article.publisher
        generatedDate = article.generatedDate
        disclosure = article.disclosure
        publishedAt = article.publishedAt
        source = article.source
        columnName = article.columnName
        kind = article.kind
        entries = article.entries
    }

    public init(title: String?, entries: [ReportEntry]) {
        self.title = title
        self.entries = entries
    }

    enum CodingKeys: String, CodingKey {
        case title, indexNumber, category, publisher, generatedDate, disclosure, publishedAt, source, columnName
        case kind, entries
    }

    /// Snapshots stored as JSON by early versions have no `kind`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        indexNumber = try c.decodeIfPresent(String.self, forKey: .indexNumber)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        publisher = try c.decodeIfPresent(String.self, forKey: .publisher)
        generatedDate = try c.decodeIfPresent(String.self, forKey: .generatedDate)
        disclosure = try c.decodeIfPresent(String.self, forKey: .disclosure)
        publishedAt = try c.decodeIfPresent(String.self, forKey: .publishedAt)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        columnName = try c.decodeIfPresent(String.self, forKey: .columnName)
        kind = try c.decodeIfPresent(ReportKind.self, forKey: .kind) ?? .progress
        entries = try c.decode([ReportEntry].self, forKey: .entries)
    }

    /// The metadata fields compared between versions, by JSON name.
    public var fields: [(name: String, value: String?)] {
        [
            ("title", title), ("indexNumber", indexNumber), ("category", category), ("publisher", publisher),
            ("generatedDate", generatedDate), ("disclosure", disclosure), ("source", source),
        ]
    }

    /// A hash of the comparable form: equal for two versions that differ only
    /// in whitespace, NBSP or full-/half-width punctuation.
    ///
    /// Streams the folded text into the hash. The bytes hashed are exactly
    /// those of each field's folded value and each entry's
    /// ``ComparableEntry/fingerprint``, so hashes stored by earlier versions
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
            ComparableEntry.hashFingerprint(of: entry, into: &hash)
            hash.combine(byte: 0x1D)
        }
        return hash.hex
    }
}

/// An entry in the folded form used for comparison.
public struct ComparableEntry: Hashable, Sendable {
    public var task: String
    public var leadUnits: [String]
    public var supportingUnits: [String]
    public var progress: [String]
    public var extras: [String: String]

    /// The 序号 is left out on purpose: a row inserted above renumbers every
    /// later row without changing any of them.
    public init(_ entry: ReportEntry) {
        task = ComparableText.fold(entry.task)
        leadUnits = entry.leadUnits.map(ComparableText.fold)
        supportingUnits = entry.supportingUnits.map(ComparableText.fold)
        progress = entry.progress.map(ComparableText.fold)
        extras = Self.foldedExtras(entry.extras)
    }

    /// Extra columns folded, the empty ones dropped.
    static func foldedExtras(_ extras: [String: String]) -> [String: String] {
        extras.mapValues(ComparableText.fold).filter { !$0.value.isEmpty }
    }

    /// The folded extras as the fingerprint spells them: `name=value`, sorted by name.
    static func extraText(_ folded: [String: String]) -> String {
        folded.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
    }

    /// Feeds `hash` the bytes of `ComparableEntry(entry).fingerprint` without
    /// building it. Supporting units come last and only when there are some,
    /// so entries of layouts without them hash as they always did.
    static func hashFingerprint(of entry: ReportEntry, into hash: inout StableHash) {
        ComparableText.hashFolded(entry.task, into: &hash)
        for list in [entry.leadUnits, entry.progress] {
            hash.combine(byte: 0x1E)
            for (index, item) in list.enumerated() {
                if index > 0 { hash.combine(byte: 0x1F) }
                ComparableText.hashFolded(item, into: &hash)
            }
        }
        hash.combine(byte: 0x1E)
        if !entry.extras.isEmpty {  // rare: columns other than the known ones
            hash.combine(extraText(foldedExtras(entry.extras)))
        }
        if !entry.supportingUnits.isEmpty {
            hash.combine(byte: 0x1C)
            for (index, unit) in entry.supportingUnits.enumerated() {
                if index > 0 { hash.combine(byte: 0x1F) }
                ComparableText.hashFolded(unit, into: &hash)
            }
        }
    }

    var fingerprint: String {
        let base = [
            task, leadUnits.joined(separator: "\u{1F}"), progress.joined(separator: "\u{1F}"), Self.extraText(extras),
        ]
        .joined(separator: "\u{1E}")
        return supportingUnits.isEmpty ? base : base + "\u{1C}" + supportingUnits.joined(separator: "\u{1F}")
    }
}
