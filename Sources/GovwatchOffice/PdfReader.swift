/// A PDF as the page reader reads it: poppler's `pdftotext -bbox` (Debian's
/// `poppler-utils`, with `poppler-data` for Chinese fonts' encodings) gives
/// each word and its box; the report table is rebuilt from where the words
/// sit (``PdfColumns``, ``PdfRows``), pages laid end to end so that a table
/// crossing pages is one table and a header a later page repeats is read
/// once. Lines above the table are paragraphs; a PDF with no table is all
/// paragraphs (the page reader may find a list in them). A PDF whose pages
/// hold no text is a scan: not an empty report but `unreadable: scanned`.
enum PdfReader {
    /// Pages sit this far apart once laid end to end (points; a page is under 2,000).
    static let pageStride = 100_000.0

    static func html(_ bytes: [UInt8], title: String, limits: OfficeLimits) throws(OfficeError) -> String {
        let output = try OfficeTool.pdftotext.output(bytes, named: "attachment.pdf", limits: limits) { file, _ in
            ["-bbox", "-enc", "UTF-8", "-q", file, "-"]
        }
        return try html(layout: output, title: title, limits: limits)
    }

    /// The page `pdftotext -bbox`'s output reads as.
    static func html(layout: [UInt8], title: String, limits: OfficeLimits) throws(OfficeError) -> String {
        let pages = try PdfWords.pages(layout, limits: limits)
        let words = pages.enumerated().flatMap { index, page in
            page.words.map { word in
                var word = word
                word.top += Double(index) * pageStride
                word.bottom += Double(index) * pageStride
                return word
            }
        }
        guard !words.isEmpty else {
            throw OfficeError(
                .scanned,
                "unreadable: scanned (\(pages.count == 1 ? "its page holds" : "its \(pages.count) pages hold") no text, "
                    + "only images; govwatch does not read text in images)")
        }
        var html = OfficeHTML(title: title)
        let lines = PdfText.lines(words)
        guard
            let (columns, last) = PdfColumns.find(
                in: lines, below: { header in words.filter { $0.top > header.bottom } })
        else {
            for line in lines { html.paragraph(PdfText.join(line: line)) }
            return html.page
        }
        let headerStart = lines.firstIndex { $0.contains(columns.headerWords[0]) } ?? last
        for line in lines[..<headerStart] { html.paragraph(PdfText.join(line: line)) }
        // A header a later page repeats is the same lines again: left out.
        let body = lines[(last + 1)...].filter { !columns.headerLines.contains(PdfText.join(line: $0)) }
        let read = try PdfRows(columns: columns, words: body.flatMap(\.self)).rows(limit: limits.rows)
        html.table([columns.titles.map { OfficeCell(paragraphs: [$0]) }] + read.rows)
        for line in read.after { html.paragraph(line) }
        return html.page
    }
}
