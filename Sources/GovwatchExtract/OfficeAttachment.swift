public import GovwatchCore
import GovwatchHTML
public import GovwatchOffice

/// An attached office file (.docx, .xlsx, .doc, .xls) or PDF as a page the
/// article reader reads: one table model for pages and attachments, so column roles,
/// merged cells, title and section rows and unit clauses read the same.
public enum OfficeAttachment {
    /// The page `bytes` read as, when `name` (a file name or URL) or the
    /// bytes say they are one of ``OfficeFile/Kind``; nil when they do not.
    /// Throws when they are one but cannot be read, naming the file and
    /// the part of it (a zip bomb, a damaged sheet, a sheet past the limits).
    /// `rules`: the reading rules it is read under (rules before 5 read a
    /// workbook's dates as their serial numbers).
    public static func page(
        _ bytes: [UInt8], name: String, limits: OfficeLimits = OfficeLimits(), rules: ReadingRules = .current
    ) throws(ExtractionError) -> [UInt8]? {
        // A table saved as a web page, served under an office file's name,
        // in whatever charset it declares (Excel saves gb2312): as UTF-8.
        if OfficeFile.isHTML(bytes), OfficeFile.kind(name: name, bytes: []) != nil {
            return Self.utf8(bytes)
        }
        guard let kind = OfficeFile.kind(name: name, bytes: bytes) else { return nil }
        let file = displayName(name)
        do {
            return Array(
                try OfficeFile.html(
                    bytes, kind: kind, title: title(file), limits: limits, datesAsDates: rules.readsOfficeDates
                ).utf8)
        } catch {
            throw ExtractionError(.unreadable, "attachment \"\(file)\" (.\(kind.rawValue)): \(error.message)")
        }
    }

    /// A page's bytes as UTF-8 (as they are when they are UTF-8 already,
    /// or in a charset iconv does not know).
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { buffer -> [UInt8]? in
            guard let decoded = try? Charset.decode(buffer, declared: nil) else { return nil }
            return decoded.utf8
        } ?? bytes
    }

    /// True when the page a file reads as depends on the reading rules (an
    /// .xlsx workbook: its dates, since rules 5), so that a stored report
    /// may need reading again under the rules that stored it.
    public static func readsByRules(_ bytes: [UInt8], name: String) -> Bool {
        !OfficeFile.isHTML(bytes) && OfficeFile.kind(name: name, bytes: bytes) == .xlsx
    }

    /// What the file is, as its bytes (and, for a web page, its name) say:
    /// `docx`, `xlsx`, `doc`, `xls`, `pdf`, or `html` for a table saved as a
    /// web page under an office file's name; nil for none of these.
    public static func type(_ bytes: [UInt8], name: String) -> String? {
        if OfficeFile.isHTML(bytes) { return OfficeFile.kind(name: name, bytes: []) != nil ? "html" : nil }
        // The bytes alone: a damaged file or an error page under a .pdf name is none.
        return OfficeFile.kind(name: "", bytes: bytes)?.rawValue
    }

    /// The last path segment, query left out (`/a/附件1.docx?v=2` → `附件1.docx`).
    static func displayName(_ name: String) -> String {
        let path = name.split(separator: "?", maxSplits: 1).first.map(String.init) ?? name
        return path.split(separator: "/").last.map(String.init) ?? name
    }

    /// The file's name without its extension, as the page's title.
    static func title(_ file: String) -> String {
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }
}
