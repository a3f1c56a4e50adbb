/// An attached office file read into the HTML the page reader reads.
///
/// .docx and .xlsx are read in this process (libzip and libxml2); .doc,
/// .xls and PDF by the Debian program that reads each (``OfficeTool``).
/// Each read is bounded by ``OfficeLimits`` whatever the file claims, and
/// every failure is an ``OfficeError`` that names the part of the file.
public enum OfficeFile {
    public enum Kind: String, Sendable, CaseIterable {
        case docx, xlsx, doc, xls, pdf
    }

    /// The kind a file is: what its bytes say first (a PDF's header, a
    /// zip's parts, the stream an OLE2 compound file names: `WordDocument`,
    /// `Workbook`), as sites often serve one kind under another's name (an
    /// .xlsx named .xls, a .docx named .doc); else what its name says (its
    /// extension, in any case), so that a damaged file is named as the kind
    /// it claims to be; nil when it is none of them.
    public static func kind(name: String, bytes: [UInt8]) -> Kind? {
        let lowered = name.lowercased()
        let named = Kind.allCases.first { lowered.hasSuffix("." + $0.rawValue) }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            if contains(bytes, utf16: "WordDocument") { return .doc }
            if contains(bytes, utf16: "Workbook") || contains(bytes, utf16: "Book") { return .xls }
            return named == .doc || named == .xls ? named : nil
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]),
            let names = try? ZipArchive(bytes, limits: OfficeLimits()).names
        {
            if names.contains(DocxReader.part) { return .docx }
            if names.contains("xl/workbook.xml") { return .xlsx }
        }
        return named
    }

    /// True when a file is an HTML page, whatever its name: sites serve
    /// tables saved "as a web page" under .xls and .doc names. Such a file
    /// is read as the page it is.
    public static func isHTML(_ bytes: [UInt8]) -> Bool {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count, bytes[start] == UInt8(ascii: "<") else { return false }
        let head = String(decoding: bytes[start..<min(bytes.count, start + 1024)], as: UTF8.self).lowercased()
        return head.contains("<html") || head.contains("<!doctype html") || head.contains("<table")
    }

    /// The file as an HTML page titled `title`: its paragraphs, and its
    /// tables with merged cells as spans (a workbook: each visible sheet).
    /// `datesAsDates`: an .xlsx date cell as the date Excel shows (false:
    /// its serial number, as govwatch read it before reading rules 5).
    public static func html(
        _ bytes: [UInt8], kind: Kind, title: String, limits: OfficeLimits = OfficeLimits(), datesAsDates: Bool = true
    ) throws(OfficeError) -> String {
        switch kind {
        case .docx: return try DocxReader.html(try ZipArchive(bytes, limits: limits), title: title)
        case .xlsx:
            return try XlsxReader.html(try ZipArchive(bytes, limits: limits), title: title, datesAsDates: datesAsDates)
        case .doc: return try DocReader.html(bytes, title: title, limits: limits)
        case .xls: return try XlsReader.html(bytes, title: title, limits: limits)
        case .pdf: return try PdfReader.html(bytes, title: title, limits: limits)
        }
    }

    /// The second half of reading a file by a Debian reader: the page its
    /// output reads as (`pdftotext -bbox`'s word boxes for a PDF, the xlrd
    /// script's JSON for an .xls, wvWare's HTML for a .doc). Everything
    /// govwatch itself does with a reader's output, for the fuzzer.
    public static func html(
        readerOutput output: [UInt8], kind: Kind, title: String, limits: OfficeLimits = OfficeLimits()
    ) throws(OfficeError) -> String? {
        switch kind {
        case .pdf: return try PdfReader.html(layout: output, title: title, limits: limits)
        case .xls: return try XlsReader.html(cells: output, title: title, limits: limits)
        case .doc: return DocReader.page(String(decoding: output, as: UTF8.self), title: title)
        case .docx, .xlsx: return nil
        }
    }

    /// True when `bytes` hold `name` in UTF-16LE, as a compound file's
    /// directory names its streams.
    static func contains(_ bytes: [UInt8], utf16 name: String) -> Bool {
        let needle: [UInt8] =
            name.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] } + [0, 0]
        return bytes.indices.dropLast(needle.count).contains { start in
            bytes[start] == needle[0] && bytes[start..<start + needle.count].elementsEqual(needle)
        }
    }
}
