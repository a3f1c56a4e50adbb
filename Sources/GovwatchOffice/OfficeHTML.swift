import GovwatchCore

/// One cell of a table read from an office file: its paragraphs and how
/// many rows and columns it covers.
struct OfficeCell {
    var paragraphs: [String]
    var rowspan = 1
    var colspan = 1
}

/// The HTML page an office file becomes, for the page reader: the same
/// reader, column roles and unit clauses as every HTML report, so a table
/// means the same whichever way it was published. Merged cells become
/// rowspan/colspan, each paragraph of a cell a `<p>` (a cell's paragraphs
/// are its progress items, as on a page pasted from Word).
struct OfficeHTML {
    private var body = ""
    private let title: String

    init(title: String) { self.title = title }

    mutating func heading(_ text: String) {
        body += "<h2>\(Self.escape(text))</h2>\n"
    }

    mutating func paragraph(_ text: String) {
        guard !text.allSatisfy(\.isWhitespace) else { return }
        body += "<p>\(Self.escape(text))</p>\n"
    }

    mutating func table(_ rows: [[OfficeCell]]) {
        body += "<table border=\"1\">\n"
        for row in rows {
            body += "<tr>"
            for cell in row {
                body += "<td"
                if cell.rowspan > 1 { body += " rowspan=\"\(cell.rowspan)\"" }
                if cell.colspan > 1 { body += " colspan=\"\(cell.colspan)\"" }
                body += ">"
                for paragraph in cell.paragraphs { body += "<p>\(Self.escape(paragraph))</p>" }
                body += "</td>"
            }
            body += "</tr>\n"
        }
        body += "</table>\n"
    }

    /// The whole page, UTF-8 declared.
    var page: String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(Self.escape(title))</title></head>
        <body>
        \(body)</body></html>

        """
    }

    /// Core's HTML escape (the one the change logs and the site use).
    static func escape(_ text: String) -> String { ChangeLogRenderer.html(text) }
}
