import GovwatchCore
import GovwatchHTML
import GovwatchReport

/// Where the report is on a page: the article body and its tables, each
/// handed to the report reader as a grid with where it came from.
extension ArticleExtractor {
    /// The article body: JCMS's `div#zoom` and its cousins, other CMSs'
    /// (TRS's `.TRS_Editor`, VSB's `#vsb_content`, `.wzcon`), else the whole page.
    static func body(of root: MarkupNode) -> MarkupNode {
        let classes = ["zc_article_con", "TRS_Editor", "article-content", "bt_content", "wzcon"]
        return root.firstDescendant { node in
            guard node.isElement("div") || node.isElement("td") || node.isElement("section") else { return false }
            if let id = node.attribute("id"), id == "zoom" || id == "zoomcon" || id.hasPrefix("vsb_content") {
                return true
            }
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
}
