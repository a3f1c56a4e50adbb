/// A Word 97–2003 document (.doc, the binary format) as the page reader
/// reads it: wv's `wvWare` with its HTML configuration (Debian's `wv`)
/// writes the document as HTML that keeps tables, merged cells (rowspan,
/// colspan) and each paragraph of a cell as its own `<p>`; that page is
/// read as it is, titled after the file.
enum DocReader {
    /// wv's HTML configuration, installed with it.
    static let configuration = "/usr/share/wv/wvHtml.xml"

    static func html(_ bytes: [UInt8], title: String, limits: OfficeLimits) throws(OfficeError) -> String {
        let output = try OfficeTool.wvWare.output(bytes, named: "attachment.doc", limits: limits) { file, directory in
            // --dir: images it extracts go to the private directory, never the working one.
            ["--config=\(configuration)", "--charset=utf-8", "--nographics", "--dir=\(directory)", file]
        }
        guard output.count <= limits.totalBytes else {
            throw OfficeError(.tooLarge, "the document's text is over \(limits.totalBytes >> 20) MB; not read")
        }
        return page(String(decoding: output, as: UTF8.self), title: title)
    }

    /// wvWare's page as the reader reads it.
    static func page(_ html: String, title: String) -> String {
        titled(withoutMergeContinuations(html), title)
    }

    /// The page without the empty cells wv writes where a merged cell
    /// continues (`<td … rowspan="0">`: in HTML, a cell spanning to the end
    /// of the table, so a reader would shift the row's later cells left).
    static func withoutMergeContinuations(_ page: String) -> String {
        let bytes = Array(page.utf8)
        let marker = Array(#"rowspan="0""#.utf8)
        let open = Array("<td".utf8)
        let close = Array("</td>".utf8)
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var from = 0
        var cell: Int?  // where the last `<td` not yet copied starts
        var index = 0
        // One pass: copy up to each `<td`; a cell holding the marker in its
        // start tag is skipped to its `</td>`.
        while index < bytes.count {
            if bytes[index...].starts(with: open) {
                cell = index
                index += open.count
            } else if let start = cell, bytes[index...].starts(with: marker),
                let end = bytes[index...].firstRange(of: close)
            {
                kept += bytes[from..<start]
                from = end.upperBound
                index = end.upperBound
                cell = nil
            } else if bytes[index] == UInt8(ascii: ">") {
                cell = nil  // the start tag ended without the marker
                index += 1
            } else {
                index += 1
            }
        }
        kept += bytes[from...]
        return String(decoding: kept, as: UTF8.self)
    }

    /// wv titles every page "Untitled": the file's name says more.
    static func titled(_ page: String, _ title: String) -> String {
        guard let open = page.firstRange(of: "<title>"), let close = page[open.upperBound...].firstRange(of: "</title>")
        else { return page }
        var page = page
        page.replaceSubrange(open.upperBound..<close.lowerBound, with: OfficeHTML.escape(title))
        return page
    }
}
