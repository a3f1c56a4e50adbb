import GovwatchHTML

/// An Excel workbook (.xlsx: SpreadsheetML in a zip) as the page reader
/// reads it: each visible sheet, in the workbook's order, a heading with
/// its name and a table; shared strings resolved, dates shown as dates, merged ranges
/// (`mergeCell`) as rowspan/colspan from their first cell, empty rows
/// that no merge crosses left out.
enum XlsxReader {
    static func html(_ archive: ZipArchive, title: String, datesAsDates: Bool = true) throws(OfficeError) -> String {
        var workbook = try XlsxWorkbook(archive)
        if !datesAsDates { workbook.styles = XlsxStyles() }
        var html = OfficeHTML(title: title)
        var budget = CellBudget(limits: archive.limits)
        for sheet in workbook.sheets.prefix(archive.limits.sheets) {
            guard let bytes = try archive.read(sheet.part) else {
                throw OfficeError(.missingPart, "sheet \"\(sheet.name)\" (\(sheet.part)) is missing from the workbook")
            }
            let grid = try XlsxSheet.read(
                try OfficeXML.parse(bytes, part: sheet.part), strings: workbook.strings, styles: workbook.styles,
                part: sheet.part, budget: &budget)
            guard !grid.isEmpty else { continue }
            html.heading(sheet.name)
            html.table(try grid.rows(part: sheet.part, budget: &budget))
        }
        return html.page
    }
}

/// The workbook's sheets, shared strings and date styles, each part found
/// through the package's relationships (``OfficeRelations``).
struct XlsxWorkbook {
    struct Sheet {
        var name: String
        var part: String
    }

    /// Visible sheets in the workbook's order, each with its part's path.
    var sheets: [Sheet] = []
    /// Shared strings by index (rich runs joined, phonetic guides left out).
    var strings: [String] = []
    var styles = XlsxStyles()

    init(_ archive: ZipArchive) throws(OfficeError) {
        let part = try OfficeRelations.mainPart(archive, fallback: "xl/workbook.xml")
        guard let workbook = try archive.read(part) else {
            throw OfficeError(.missingPart, "no \(part) in the archive: not an Excel workbook")
        }
        let relations = try OfficeRelations.targets(archive, of: part)
        var targets: [String: String] = [:]
        for target in relations { targets[target.id] = target.part }
        var from1904 = false
        try OfficeXML.parse(workbook, part: part).root?.forEachDescendant { node in
            if node.isElement("workbookPr") {
                from1904 = ["1", "true"].contains(node.attribute("date1904") ?? "")
                return false
            }
            guard node.isElement("sheet") else { return true }
            let hidden = node.attribute("state").map { $0 != "visible" } ?? false
            if !hidden, let id = node.attribute("id"), let sheet = targets[id] {
                sheets.append(Sheet(name: node.attribute("name") ?? sheet, part: sheet))
            }
            return false
        }
        func related(_ type: String, usually name: String) -> String {
            relations.first { $0.type.hasSuffix(type) }?.part ?? name
        }
        strings = try Self.sharedStrings(archive, part: related("/sharedStrings", usually: "xl/sharedStrings.xml"))
        styles = try XlsxStyles.read(archive, part: related("/styles", usually: "xl/styles.xml"), from1904: from1904)
    }

    /// The shared strings part's strings by index; none when the workbook has no such part.
    static func sharedStrings(_ archive: ZipArchive, part: String) throws(OfficeError) -> [String] {
        guard let bytes = try archive.read(part) else { return [] }
        var strings: [String] = []
        try OfficeXML.parse(bytes, part: part).root?.forEachDescendant { node in
            guard node.isElement("si") else { return true }
            strings.append(XlsxSheet.text(of: node))
            return false
        }
        return strings
    }
}
