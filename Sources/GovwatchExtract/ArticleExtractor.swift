import GovwatchCore
import GovwatchHTML
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
        if article.source == nil { article.source = visible.source }
        if article.title == nil { article.title = visible.title }

        let inputs = Self.tableInputs(in: body)
        var reading = ReportTableReader.read(inputs, title: article.title, rules: rules, explain: explains)
        var paragraphCount = 0
        if reading.tables.isEmpty, rules.readsAssignmentsAndLists {
            let paragraphs = Self.paragraphs(of: body)
            paragraphCount = paragraphs.count
            let list = ReportListReader.read(paragraphs, title: article.title, explain: explains)
            if !list.entries.isEmpty {
                let tableNotes = reading.notes
                reading = list
                reading.notes = tableNotes + list.notes
            } else {
                reading.notes += list.notes
            }
        }
        guard !reading.tables.isEmpty || !reading.entries.isEmpty else {
            throw ExtractionError(
                .noReportTable, Self.noReportReason(tables: inputs.count, paragraphs: paragraphCount, rules: rules),
                notes: reading.notes)
        }
        article.kind = reading.kind
        article.tables = reading.tables
        article.entries = reading.entries
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

    /// The article body: JCMS's `div#zoom` and its cousins, else the whole page.
    static func body(of root: MarkupNode) -> MarkupNode {
        let classes = ["zc_article_con", "TRS_Editor", "article-content", "bt_content"]
        return root.firstDescendant { node in
            guard node.isElement("div") || node.isElement("td") || node.isElement("section") else { return false }
            if let id = node.attribute("id"), id == "zoom" || id == "zoomcon" { return true }
            if let cls = node.attribute("class") { return classes.contains(where: cls.containsUTF8) }
            return false
        } ?? root
    }

    /// Every table below `body`, innermost content only, with the short text
    /// block right before it (a section heading on one-table-per-section pages).
    static func tableInputs(in body: MarkupNode) -> [ReportTableInput] {
        var inputs: [ReportTableInput] = []
        var tables: [MarkupNode] = []
        body.forEachDescendant { node in
            guard node.isElement else { return false }
            if node.isElement("table") { tables.append(node) }
            return !node.holdsOnlyText  // tables never sit inside text elements
        }
        for table in tables {
            let rows = declaredRows(of: table)
            guard !rows.isEmpty else { continue }
            inputs.append(
                ReportTableInput(
                    grid: TableGrid(declaredRows: rows), headingBefore: heading(before: table),
                    origin: .page(table: inputs.count + 1)))
        }
        return inputs
    }

    /// The rows of `table` (through thead/tbody/tfoot), not those of nested tables.
    static func declaredRows(of table: MarkupNode) -> [[SourceCell]] {
        var rows: [[SourceCell]] = []
        var scratch = ParagraphScratch()
        func collect(_ container: MarkupNode) {
            var child = container.firstChild
            while let node = child {
                if node.isElement("tr") {
                    var cells: [SourceCell] = []
                    var cellNode = node.firstChild
                    while let cell = cellNode {
                        if cell.isElement("td") || cell.isElement("th") {
                            // Cleaned once, straight from libxml2's bytes.
                            var paragraphs: [String] = []
                            cell.forEachParagraph(scratch: &scratch) { bytes in
                                let text = DisplayText.clean(utf8: bytes)
                                if !text.isEmpty { paragraphs.append(text) }
                            }
                            cells.append(
                                SourceCell(
                                    rowSpan: span(cell.attribute("rowspan")),
                                    columnSpan: span(cell.attribute("colspan")),
                                    paragraphs: paragraphs,
                                    isClean: true
                                ))
                        }
                        cellNode = cell.nextSibling
                    }
                    rows.append(cells)
                } else if node.isElement("tbody") || node.isElement("thead") || node.isElement("tfoot") {
                    collect(node)
                }
                child = node.nextSibling
            }
        }
        collect(table)
        return rows
    }

    static func span(_ value: String?) -> Int {
        guard let value else { return 1 }
        let digits = value.unicodeScalars.prefix { $0.value >= 0x30 && $0.value <= 0x39 }
        guard !digits.isEmpty, digits.count <= 6, let number = Int(String(digits)) else { return 1 }
        return max(number, 1)
    }

    /// The nearest preceding non-empty sibling block's text, when it is short.
    static func heading(before table: MarkupNode) -> String? {
        var node = table
        // A table wrapped alone in a div: look before the wrapper.
        while node.previousSibling.map({ $0.isText && DisplayText.clean($0.text).isEmpty }) ?? false {
            node = node.previousSibling!
        }
        var sibling = node.previousSibling
        if sibling == nil, let parent = table.parent, parent.isElement("div") { sibling = parent.previousSibling }
        var hops = 0
        while let current = sibling, hops < 4 {
            hops += 1
            if current.isElement("table") { return nil }
            let text = DisplayText.clean(current.text)
            if text.isEmpty {
                sibling = current.previousSibling
                continue
            }
            return text.unicodeScalars.count <= 60 ? text : nil
        }
        return nil
    }

    func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
