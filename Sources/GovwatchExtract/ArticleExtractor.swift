public import GovwatchCore
public import GovwatchHTML
import GovwatchReport

/// Extracts an ``Article`` from a JCMS article page.
///
/// Metadata comes from the national government-site `<meta>` tags when they
/// are present and from the visible page otherwise; report tables are found
/// by their header (a task and a progress column), never by position, since
/// the page also uses tables for layout. A page with no report table is
/// read as a list of paragraphs (``ReportListReader``).
public struct ArticleExtractor: Sendable {
    /// Refuse pages that end before `</html>` or `</body>`: a cut transfer
    /// would otherwise read as a report whose later rows were deleted.
    public var requireCompleteDocument: Bool
    /// The generation of reading rules (``ReadingRules``); earlier ones only
    /// to tell an upgrade's new reading from a changed page.
    public var rules: ReadingRules
    /// The operator's column roles for the source (`[sources.columns]`).
    public var columns = ColumnChoices()
    /// Keep notes of how the page was read (``Explanation``).
    public var explains = false

    public init(requireCompleteDocument: Bool = true, rules: ReadingRules = .current) {
        self.requireCompleteDocument = requireCompleteDocument
        self.rules = rules
    }

    /// Extracts from raw bytes, deciding the charset as ``Charset`` describes.
    public func extract(
        _ bytes: UnsafeRawBufferPointer, charset: String? = nil, url: String? = nil
    ) throws(ExtractionError) -> Article {
        try extract(try document(bytes, charset: charset, url: url), url: url)
    }

    /// What `govwatch extract --explain` shows: the article or the error,
    /// and how each table or list was read.
    public struct Explanation: Sendable {
        public var article: Article?
        public var error: ExtractionError?
        public var notes: [String]
    }

    public func explain(_ bytes: [UInt8], charset: String? = nil, url: String? = nil) -> Explanation {
        var explaining = self
        explaining.explains = true
        do {
            let parsed = try withRawBytes(bytes) { buffer throws(ExtractionError) in
                try document(buffer, charset: charset, url: url)
            }
            let (article, notes) = try explaining.read(parsed, url: url)
            return Explanation(article: article, error: nil, notes: notes)
        } catch {
            return Explanation(article: nil, error: error, notes: error.notes)
        }
    }

    /// The parsed page, after the checks that refuse what is no page at all.
    func document(_ bytes: UnsafeRawBufferPointer, charset: String?, url: String?) throws(ExtractionError)
        -> MarkupDocument
    {
        let blank = !bytes.contains(where: { $0 > 0x20 })
        if !blank, !Self.startsLikeMarkup(bytes) {
            throw ExtractionError(.notMarkup, "not HTML: binary data or no tag in the first 1024 bytes")
        }
        if requireCompleteDocument, !blank, !Self.hasDocumentEnd(bytes) {
            throw ExtractionError(.truncated, "truncated page: \(bytes.count) bytes and no closing </html> or </body>")
        }
        do { return try MarkupDocument.html(bytes, charset: charset, url: url) } catch {
            throw ExtractionError(error)
        }
    }

    public func extract(_ bytes: [UInt8], charset: String? = nil, url: String? = nil) throws(ExtractionError) -> Article
    {
        try withRawBytes(bytes) { buffer throws(ExtractionError) in try extract(buffer, charset: charset, url: url) }
    }

    /// Extracts from a parsed document.
    public func extract(_ document: MarkupDocument, url: String? = nil) throws(ExtractionError) -> Article {
        try read(document, url: url).article
    }

    /// The article and the reading it came from (with its notes when
    /// ``explains``).
    func read(_ document: MarkupDocument, url: String?) throws(ExtractionError) -> (article: Article, notes: [String]) {
        guard let root = document.root else {
            throw ExtractionError(.unreadable, "unreadable document: no root element")
        }
        var article = Article(url: url)
        let metas = PageMetadata.metaTags(in: root)
        article.title = metas["ArticleTitle"].map(DisplayText.clean).flatMap(nonEmpty)
        article.columnName = metas["ColumnName"].map(DisplayText.clean).flatMap(nonEmpty)
        article.source = metas["ContentSource"].map(DisplayText.clean).flatMap(nonEmpty)
        if article.url == nil { article.url = metas["Url"].flatMap(nonEmpty) }
        if let pubDate = metas["PubDate"].flatMap(PageMetadata.dateTime) { article.publishedAt = pubDate }

        let body = Self.body(of: root)
        let visible = PageMetadata.visible(in: root, skipping: body == root ? nil : body)
        article.indexNumber = visible.fields["indexNumber"]
        article.category = visible.fields["category"]
        article.publisher = visible.fields["publisher"]
        article.generatedDate = visible.fields["generatedDate"].flatMap(PageMetadata.date)
        article.disclosure = visible.fields["disclosure"]
        if article.publishedAt == nil { article.publishedAt = visible.publishedAt }
        if article.publishedAt == nil, rules.readsWiderVocabulary {
            article.publishedAt = PageMetadata.bareDate(in: root, skipping: body == root ? nil : body)
        }
        if article.source == nil { article.source = visible.source }
        if article.title == nil { article.title = visible.title }

        let inputs = Self.tableInputs(in: body)
        var reading = ReportTableReader.read(
            inputs, title: article.title, rules: rules, choices: columns, explain: explains)
        var paragraphCount = 0
        if reading.tables.isEmpty, rules.readsAssignmentsAndLists {
            // Rules 4: on a template we do not know, a list is read from the
            // largest text block, not from the menus and footer around it.
            let listBody = body == root && rules.findsBodyByText ? Self.largestTextBlock(in: root) : body
            let paragraphs = Self.paragraphs(of: listBody)
            paragraphCount = paragraphs.count
            var list = ReportListReader.read(paragraphs, title: article.title, rules: rules, explain: explains)
            if explains, listBody != body {
                let named = listBody.attribute("class").map { " class=\"\($0)\"" } ?? ""
                list.notes.insert("list: read from the largest text block, <\(listBody.name)\(named)>", at: 0)
            }
            if !list.entries.isEmpty {
                let tableNotes = reading.notes
                reading = list
                reading.notes = tableNotes + list.notes
            } else {
                reading.notes += list.notes
            }
        }
        guard !reading.tables.isEmpty || !reading.entries.isEmpty else {
            // A page whose report is an attached file says which file.
            let files = Self.attachments(in: body, url: url ?? article.url)
            throw ExtractionError(
                .noReportTable,
                Self.noReportReason(tables: inputs.count, paragraphs: paragraphCount, rules: rules)
                    + Self.attachmentNote(files),
                notes: reading.notes,
                attached: files.isEmpty
                    ? nil
                    : AttachedReport(
                        metadata: article.metadata, files: files.map { AttachmentLink(name: $0.name, url: $0.url) }))
        }
        article.kind = reading.kind
        article.tables = reading.tables
        article.entries = reading.entries
        // The report is on the page: its files are recorded, not read.
        article.linkedFiles = Self.attachments(in: body, url: url ?? article.url)
            .prefix(AttachedReport.fetchedFiles).map { AttachedFile.linked(name: $0.name, url: $0.url) }
        return (article, reading.notes)
    }

    /// One line on why nothing was read, naming what was looked at.
    static func noReportReason(tables: Int, paragraphs: Int, rules: ReadingRules) -> String {
        guard rules.readsAssignmentsAndLists else {
            return "no report table: no table header with a task and a progress column"
        }
        let header = "none with a header naming a task and a progress or unit column"
        let tableCount = tables == 0 ? "no table" : "\(Plural.count(tables, "table")), \(header)"
        return "no report table: \(tableCount); no list of numbered tasks with unit lines "
            + "in \(Plural.count(paragraphs, "paragraph"))"
    }

    /// The body's text blocks, cleaned, empty ones dropped: what the list reader reads.
    static func paragraphs(of body: MarkupNode) -> [String] {
        var paragraphs: [String] = []
        var scratch = ParagraphScratch()
        body.forEachParagraph(scratch: &scratch) { bytes in
            let text = DisplayText.clean(utf8: bytes)
            if !text.isEmpty { paragraphs.append(text) }
        }
        return paragraphs
    }

    /// True when a tag (`<` and a letter, `!` or `?`) occurs in the first
    /// 1024 bytes, as in any HTML page in any ASCII-compatible charset.
    static func startsLikeMarkup(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let head = bytes.prefix(1024)
        guard head.count >= 2 else { return false }
        // Binary data: text pages have (almost) no C0 control bytes.
        let controls = head.reduce(0) { count, byte in
            count + ((byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C) ? 1 : 0)
        }
        if controls * 100 > head.count { return false }
        for index in head.startIndex..<(head.endIndex - 1) where head[index] == UInt8(ascii: "<") {
            let next = head[index + 1] | 0x20
            if (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || head[index + 1] == UInt8(ascii: "!")
                || head[index + 1] == UInt8(ascii: "?")
            {
                return true
            }
        }
        return false
    }

    /// The closing tags ``hasDocumentEnd(_:)`` looks for, after their `<`.
    static let documentEndNames = [Array("/html".utf8), Array("/body".utf8)]

    /// True when the last bytes hold `</html>` or `</body>` (any case).
    /// Checked on raw bytes: both tags are ASCII in every charset we accept
    /// except UTF-16, whose pages we do not expect from these sites.
    static func hasDocumentEnd(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // From the end backwards, in place: the tags sit in the last few
        // hundred bytes, and this runs on every page fetched.
        let start = max(0, bytes.count - 4096)
        var index = bytes.count - 6
        while index >= start {
            if bytes[index] == UInt8(ascii: "<") {
                for name in documentEndNames
                where (0..<5).allSatisfy({ offset in
                    let byte = bytes[index + 1 + offset]
                    return (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) == name[offset]
                }) { return true }
            }
            index -= 1
        }
        return false
    }

    func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
