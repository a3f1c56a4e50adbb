internal import CGovwatchLibXML2

/// The floor for benchmarks: libxml2's `htmlReadMemory` on the given bytes
/// with the options govwatch uses, then `xmlFreeDoc`; no charset step, no
/// walking. Lives here so that benchmark code never imports libxml2's
/// headers next to Foundation (both bring ICU's `UErrorCode`, and clang
/// refuses two definitions in one module).
public enum LibXML2Baseline {
    public static func parseAndFree(_ bytes: UnsafeRawBufferPointer) {
        _ = MarkupDocument.initialized
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        bytes.withMemoryRebound(to: CChar.self) { chars in
            let document = htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            xmlFreeDoc(document)
        }
    }
}
