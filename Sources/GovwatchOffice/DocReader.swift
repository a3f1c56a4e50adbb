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
        var bytes = Array(page.utf8)
        let marker = Array(#"rowspan="0""#.utf8)
        let open = Array("<td".utf8)
        let close = Array("</td>".utf8)
        var from = 0
        while let found = bytes[from...].firstRange(of: marker) {
            guard let start = bytes[..<found.lowerBound].ranges(of: open).last,
                let end = bytes[found.upperBound...].firstRange(of: close)
            else { break }
            bytes.removeSubrange(start.lowerBound..<end.upperBound)
            from = start.lowerBound
        }
        return String(decoding: bytes, as: UTF8.self)
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
