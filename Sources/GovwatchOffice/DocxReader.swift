import GovwatchHTML

/// A Word document (.docx: WordprocessingML in a zip) as the page reader
/// reads it: `word/document.xml`'s body, each paragraph a `<p>`, each
/// table a `<table>` whose merged cells are rowspan (`w:vMerge`) and
/// colspan (`w:gridSpan`, `w:gridBefore`) as Word drew them.
enum DocxReader {
    static let part = "word/document.xml"

    static func html(_ archive: ZipArchive, title: String) throws(OfficeError) -> String {
        // The document is the package's main part, `word/document.xml` unless it says otherwise.
        let part = try OfficeRelations.mainPart(archive, fallback: Self.part)
        guard let bytes = try archive.read(part) else {
            throw OfficeError(.missingPart, "no \(part) in the archive: not a Word document")
        }
        let document = try OfficeXML.parse(bytes, part: part)
        guard let body = document.root?.firstDescendant(where: { $0.isElement("body") }) else {
            throw OfficeError(.damaged, "\(part) has no body")
        }
        var html = OfficeHTML(title: title)
        var budget = CellBudget(limits: archive.limits)
        try blocks(of: body, into: &html, budget: &budget)
        return html.page
    }

    /// The body's paragraphs and tables, in order; content controls
    /// (`w:sdt`) are looked into, as Word shows their content in place.
    static func blocks(of node: MarkupNode, into html: inout OfficeHTML, budget: inout CellBudget) throws(OfficeError) {
        for child in node.children where child.isElement {
            if child.isElement("p") {
                for line in lines(of: child) { html.paragraph(line) }
            } else if child.isElement("tbl") {
                html.table(try table(child, budget: &budget))
            } else if child.isElement("sdt") || child.isElement("sdtContent") {
                try blocks(of: child, into: &html, budget: &budget)
            }
        }
    }

    /// A table's rows. A cell continuing a vertical merge adds a row to the
    /// cell that began it in the same grid column and is not written.
    static func table(_ table: MarkupNode, budget: inout CellBudget) throws(OfficeError) -> [[OfficeCell]] {
        var rows: [[OfficeCell]] = []
        // Grid column → the cell (row, index) that began a vertical merge there.
        var mergeOwners: [Int: (row: Int, index: Int)] = [:]
        for tr in table.children where tr.isElement("tr") {
            try budget.row(rows.count + 1, in: part)
            var row: [OfficeCell] = []
            var column = 0
            // Grid columns this row covers with a cell that does not continue
            // a merge: a merge above them ends here.
            var ended: [Int] = []
            if let before = property(tr, "trPr", "gridBefore").flatMap(Int.init), before > 0 {
                row.append(OfficeCell(paragraphs: [], colspan: min(before, 64)))
                ended += 0..<min(before, 64)
                column += min(before, 64)
            }
            for tc in cells(of: tr) {
                let span = max(1, min(property(tc, "tcPr", "gridSpan").flatMap(Int.init) ?? 1, 64))
                let merge = verticalMerge(tc)
                if merge == .continued, let owner = mergeOwners[column] {
                    rows[owner.row][owner.index].rowspan += 1
                    column += span
                    continue
                }
                try budget.cell(in: part)
                let cell = OfficeCell(paragraphs: paragraphs(of: tc), colspan: span)
                try budget.text(cell.paragraphs, in: part)
                row.append(cell)
                ended += column..<column + span
                if merge == .restarted { mergeOwners[column] = (rows.count, row.count - 1) }
                column += span
            }
            for grid in ended where mergeOwners[grid]?.row != rows.count { mergeOwners[grid] = nil }
            // A short row ends the merges past its last cell, too.
            for grid in mergeOwners.keys where grid >= column { mergeOwners[grid] = nil }
            rows.append(row)
        }
        return rows
    }

    /// A row's cells, those inside content controls too.
    static func cells(of row: MarkupNode) -> [MarkupNode] {
        row.children.flatMap { child -> [MarkupNode] in
            if child.isElement("tc") { return [child] }
            if child.isElement("sdt") || child.isElement("sdtContent") { return cells(of: child) }
            return []
        }
    }

    enum Merge { case none, restarted, continued }

    static func verticalMerge(_ cell: MarkupNode) -> Merge {
        guard let properties = cell.children.first(where: { $0.isElement("tcPr") }),
            let merge = properties.children.first(where: { $0.isElement("vMerge") })
        else { return .none }
        return merge.attribute("val") == "restart" ? .restarted : .continued
    }

    /// `w:val` of `element` in the properties `container` of `node`.
    static func property(_ node: MarkupNode, _ container: StaticString, _ element: StaticString) -> String? {
        node.children.first { $0.isElement(container) }?.children.first { $0.isElement(element) }?.attribute("val")
    }

    /// Every paragraph in a cell (nested tables' too), as lines.
    static func paragraphs(of cell: MarkupNode) -> [String] {
        var found: [String] = []
        cell.forEachDescendant { node in
            guard node.isElement("p") else { return true }
            found += lines(of: node)
            return false
        }
        return found.filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// A paragraph's text: runs' `w:t`, a tab as a space, a line break
    /// (`w:br`, `w:cr`) starting a new line. Deleted text (`w:delText`)
    /// and field codes (`w:instrText`) are not shown by Word, nor here.
    static func lines(of paragraph: MarkupNode) -> [String] {
        var lines = [""]
        paragraph.forEachDescendant { node in
            if node.isElement("t") {
                lines[lines.count - 1] += node.text
                return false
            }
            if node.isElement("tab") { lines[lines.count - 1] += " " }
            if node.isElement("br") || node.isElement("cr") { lines.append("") }
            return !(node.isElement("delText") || node.isElement("instrText"))
        }
        return lines
    }
}
