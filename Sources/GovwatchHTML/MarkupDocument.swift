internal import CGovwatchLibXML2

/// A parsed HTML or XML document that owns its libxml2 tree.
///
/// The tree is freed when the last reference to the document (or to one of
/// its ``MarkupNode``s, which hold the document) goes away. No libxml2 pointer
/// is visible outside this module. A document is not `Sendable`: parse and
/// read it on one thread.
public final class MarkupDocument {
    let raw: xmlDocPtr
    /// The charset the bytes were decoded from.
    public let charset: String
    /// Where that charset came from.
    public let charsetSource: Charset.Source

    /// libxml2 must be initialised once before it is used from several threads.
    static let initialized: Bool = {
        xmlInitParser()
        cgovwatch_xml_silence_errors()
        return true
    }()

    /// The largest input accepted: libxml2 takes an `int` length.
    public static let maximumInputSize = Int(Int32.max)

    init(raw: xmlDocPtr, charset: String, source: Charset.Source) {
        self.raw = raw
        self.charset = charset
        self.charsetSource = source
    }

    deinit { xmlFreeDoc(raw) }

    /// Parses HTML with libxml2's forgiving HTML parser (RECOVER, NONET,
    /// NOERROR, NOWARNING). The bytes are decoded to UTF-8 first (see
    /// ``Charset``), so the parser is told to ignore in-document encoding hints.
    ///
    /// - Parameters:
    ///   - bytes: the raw body.
    ///   - charset: the HTTP header's charset, if any; it wins over the page.
    ///   - url: the document's URL, kept by libxml2 for base resolution.
    public static func html(
        _ bytes: UnsafeRawBufferPointer, charset declared: String? = nil, url: String? = nil
    ) throws(MarkupError) -> MarkupDocument {
        _ = initialized
        guard bytes.contains(where: { $0 > 0x20 }) else {
            throw MarkupError(.empty, "empty document")
        }
        guard bytes.count < maximumInputSize else {
            throw MarkupError(.tooLarge, "document of \(bytes.count) bytes is too large to parse")
        }
        let decoded = try Charset.decode(bytes, declared: declared)
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        func parse(_ buffer: UnsafeRawBufferPointer) -> htmlDocPtr? {
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), url, "UTF-8", options)
            }
        }
        let document: htmlDocPtr?
        if let utf8 = decoded.utf8 {
            document = utf8.withUnsafeBytes(parse)
        } else {
            document = parse(bytes)
        }
        guard let document else {
            throw MarkupError(.unparseable, "libxml2 could not parse the document")
        }
        return MarkupDocument(raw: document, charset: decoded.charset, source: decoded.source)
    }

    /// Parses HTML from a Swift string (already Unicode, so no charset step).
    public static func html(_ text: String, url: String? = nil) throws(MarkupError) -> MarkupDocument {
        try withRawBytes(Array(text.utf8)) { buffer throws(MarkupError) in
            try html(buffer, charset: "UTF-8", url: url)
        }
    }

    /// Parses XML (RECOVER, NONET, NOERROR, NOWARNING, CDATA merged into text).
    /// Entities are not substituted, so an entity-expansion bomb stays inert.
    /// `charset`: the HTTP header's, which wins over the XML declaration
    /// (RFC 7303); one iconv does not know is ignored.
    public static func xml(
        _ bytes: UnsafeRawBufferPointer, url: String? = nil, charset: String? = nil
    ) throws(MarkupError) -> MarkupDocument {
        _ = initialized
        guard bytes.contains(where: { $0 > 0x20 }) else {
            throw MarkupError(.empty, "empty document")
        }
        guard bytes.count < maximumInputSize else {
            throw MarkupError(.tooLarge, "document of \(bytes.count) bytes is too large to parse")
        }
        let options = Int32(
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
                | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        let document = bytes.withMemoryRebound(to: CChar.self) { chars in
            xmlReadMemory(
                chars.baseAddress, Int32(chars.count), url,
                charset.flatMap { Charset.isKnown($0) ? Charset.canonical($0) : nil }, options)
        }
        guard let document else {
            throw MarkupError(.unparseable, "libxml2 could not parse the XML document")
        }
        return MarkupDocument(raw: document, charset: "UTF-8", source: .meta)
    }

    /// Parses XML held in a string.
    public static func xml(_ text: String, url: String? = nil) throws(MarkupError) -> MarkupDocument {
        try withRawBytes(Array(text.utf8)) { buffer throws(MarkupError) in
            try xml(buffer, url: url)
        }
    }

    /// The root element, if the document has one.
    public var root: MarkupNode? {
        xmlDocGetRootElement(raw).map { MarkupNode(document: self, raw: $0) }
    }
}

/// `Array.withUnsafeBytes` with a typed error (the standard one rethrows `any Error`).
public func withRawBytes<Result, Failure: Error>(
    _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
) throws(Failure) -> Result {
    let result: Swift.Result<Result, Failure> = bytes.withUnsafeBytes { buffer in
        do throws(Failure) { return .success(try body(buffer)) } catch { return .failure(error) }
    }
    return try result.get()
}
