internal import CGovwatchLibXML2

/// Resolves links against a page URL with libxml2's RFC 3986 resolver.
public enum URLResolver {
    /// The absolute form of `reference` seen on a page at `base`, or nil when
    /// it cannot be resolved. Non-ASCII characters and spaces are
    /// percent-encoded first (pages put `webname=舟山市人民政府` in hrefs).
    public static func resolve(_ reference: String, against base: String?) -> String? {
        let trimmed = reference.trimmingASCIISpacesAndQuotes()
        guard !trimmed.isEmpty else { return nil }
        let escapedReference = escape(trimmed)
        let escapedBase = base.map(escape)
        guard let escapedBase, !escapedBase.isEmpty else { return escapedReference }
        guard let built = xmlBuildURI(escapedReference, escapedBase) else { return nil }
        defer { cgovwatch_xml_free(built) }
        return String(cString: built)
    }

    /// Percent-encodes bytes that may not appear in a URI as they are.
    public static func escape(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            if byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "<")
                && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "^")
                && byte != UInt8(ascii: "`") && byte != UInt8(ascii: "{") && byte != UInt8(ascii: "|")
                && byte != UInt8(ascii: "}")
            {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
