import GovwatchHTML

/// A part of an office file parsed with libxml2's XML parser (no network,
/// entities not expanded), its errors named by the part.
enum OfficeXML {
    static func parse(_ bytes: [UInt8], part: String) throws(OfficeError) -> MarkupDocument {
        do {
            return try bytes.withUnsafeBytes { buffer throws(MarkupError) in try MarkupDocument.xml(buffer) }
        } catch {
            throw OfficeError(.damaged, "\(part) is not readable XML: \(error)")
        }
    }
}
