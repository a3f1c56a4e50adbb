import GovwatchHTML

/// An Excel workbook (.xlsx: SpreadsheetML in a zip) as the page reader
/// reads it: each visible sheet, in the workbook's order, a heading with
/// its name and a table; shared strings resolved, merged ranges
/// (`mergeCell`) as rowspan/colspan from their first cell, empty rows
/// that no merge crosses left out.
enum XlsxReader {
    static func html(_ archive: ZipArchive, title: String) throws(OfficeError) -> String {
        let sheets = try XlsxWorkbook.sheets(archive)
        let strings = try XlsxWorkbook.sharedStrings(archive)
        var html = OfficeHTML(title: title)
        var budget = CellBudget(limits: archive.limits)
        for sheet in sheets.prefix(archive.limits.sheets) {
            guard let bytes = try archive.read(sheet.part) else {
                throw OfficeError(.missingPart, "sheet \"\(sheet.name)\" (\(sheet.part)) is missing from the workbook")
            }
            let grid = try XlsxSheet.read(
                try OfficeXML.parse(bytes, part: sheet.part), strings: strings, part: sheet.part, budget: &budget)
            guard !grid.isEmpty else { continue }
            html.heading(sheet.name)
            html.table(try grid.rows(part: sheet.part, budget: &budget))
        }
        return html.page
    }
}

/// The workbook's sheets and shared strings.
enum XlsxWorkbook {
    struct Sheet {
        var name: String
        var part: String
    }

    /// Visible sheets in the workbook's order, each with its part's path.
    static func sheets(_ archive: ZipArchive) throws(OfficeError) -> [Sheet] {
        guard let workbook = try archive.read("xl/workbook.xml") else {
            throw OfficeError(.missingPart, "no xl/workbook.xml in the archive: not an Excel workbook")
        }
        var targets: [String: String] = [:]
        if let relations = try archive.read("xl/_rels/workbook.xml.rels") {
            let document = try OfficeXML.parse(relations, part: "xl/_rels/workbook.xml.rels")
            document.root?.forEachDescendant { node in
                if node.isElement("Relationship"), let id = node.attribute("Id"), let target = node.attribute("Target")
                {
                    targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                }
                return true
            }
        }
        var sheets: [Sheet] = []
        let document = try OfficeXML.parse(workbook, part: "xl/workbook.xml")
        document.root?.forEachDescendant { node in
            guard node.isElement("sheet") else { return true }
            let hidden = node.attribute("state").map { $0 != "visible" } ?? false
            if !hidden, let id = node.attribute("id"), let part = targets[id] {
                sheets.append(Sheet(name: node.attribute("name") ?? part, part: part))
            }
            return false
        }
        return sheets
    }

    /// `xl/sharedStrings.xml`'s strings by index (rich runs joined, phonetic
    /// guides left out); none when the workbook has no such part.
    static func sharedStrings(_ archive: ZipArchive) throws(OfficeError) -> [String] {
        guard let bytes = try archive.read("xl/sharedStrings.xml") else { return [] }
        var strings: [String] = []
        let document = try OfficeXML.parse(bytes, part: "xl/sharedStrings.xml")
        document.root?.forEachDescendant { node in
            guard node.isElement("si") else { return true }
            strings.append(XlsxSheet.text(of: node))
            return false
        }
        return strings
    }
}
