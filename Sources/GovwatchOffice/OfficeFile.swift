/// An attached office file read into the HTML the page reader reads.
///
/// Only formats read with libraries in this process are here (.docx and
/// .xlsx: libzip and libxml2); each read is bounded by ``OfficeLimits``
/// whatever the file claims, and every failure is an ``OfficeError`` that
/// names the part of the file.
public enum OfficeFile {
    public enum Kind: String, Sendable, CaseIterable {
        case docx, xlsx
    }

    /// The kind a file's name says (its extension, in any case), or what
    /// its zip parts say when the name says nothing (a download URL such as
    /// `downfile.jsp?id=3`); nil when it is neither.
    public static func kind(name: String, bytes: [UInt8]) -> Kind? {
        let lowered = name.lowercased()
        for kind in Kind.allCases where lowered.hasSuffix("." + kind.rawValue) { return kind }
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]),
            let names = try? ZipArchive(bytes, limits: OfficeLimits()).names
        else { return nil }
        if names.contains(DocxReader.part) { return .docx }
        if names.contains("xl/workbook.xml") { return .xlsx }
        return nil
    }

    /// The file as an HTML page titled `title`: its paragraphs, and its
    /// tables with merged cells as spans (a workbook: each visible sheet).
    public static func html(
        _ bytes: [UInt8], kind: Kind, title: String, limits: OfficeLimits = OfficeLimits()
    ) throws(OfficeError) -> String {
        let archive = try ZipArchive(bytes, limits: limits)
        switch kind {
        case .docx: return try DocxReader.html(archive, title: title)
        case .xlsx: return try XlsxReader.html(archive, title: title)
        }
    }
}
