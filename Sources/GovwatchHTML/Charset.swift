#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decides a page's character set and decodes it to UTF-8.
///
/// Order, as browsers do it: the HTTP header's charset, a byte-order mark,
/// `<meta charset>` / `<meta http-equiv=Content-Type>` in the first bytes, then
/// UTF-8 when the bytes are valid UTF-8, else GB18030 (the superset of GBK and
/// GB2312 that Chinese government sites use when they are not UTF-8).
public enum Charset {
    /// Where the charset decision came from.
    public enum Source: String, Sendable {
        case header, byteOrderMark, meta, validUTF8, fallback
    }

    /// The canonical name of a charset label; GB2312/GBK labels become GB18030.
    public static func canonical(_ label: String) -> String {
        let lowered = label.trimmingASCIISpacesAndQuotes().lowercased()
        switch lowered {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80", "csgb2312",
            "chinese", "iso-ir-58", "euc-cn", "x-euc-cn":
            return "GB18030"
        case "big5", "big5-hkscs", "x-x-big5", "cn-big5": return "BIG5"
        case "utf-16le": return "UTF-16LE"
        case "utf-16be": return "UTF-16BE"
        case "utf-16": return "UTF-16"
        case "iso-8859-1", "latin1", "us-ascii", "ascii", "windows-1252": return "WINDOWS-1252"
        default: return lowered.uppercased()
        }
    }

    /// Whether a label names a charset pages can be decoded from (iconv
    /// knows it), for checking a user's `--charset` before anything is read.
    public static func isKnown(_ label: String) -> Bool {
        let converter = iconv_open("UTF-8", canonical(label))
        guard let converter, converter != iconv_t(bitPattern: -1) else { return false }
        iconv_close(converter)
        return true
    }

    /// The `charset` parameter of a Content-Type header value, if any.
    public static func label(inContentType value: String) -> String? {
        let bytes = Array(value.utf8)
        guard let label = scanCharsetParameter(bytes[...]) else { return nil }
        return label
    }

    /// The charset named by a byte-order mark or a `<meta>` tag near the top.
    public static func sniff(_ bytes: UnsafeRawBufferPointer) -> (label: String, source: Source)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return ("UTF-8", .byteOrderMark) }
        if bytes.starts(with: [0xFF, 0xFE]) { return ("UTF-16LE", .byteOrderMark) }
        if bytes.starts(with: [0xFE, 0xFF]) { return ("UTF-16BE", .byteOrderMark) }
        let head = bytes.prefix(4096)
        var index = head.startIndex
        while let tag = find(Array("<meta".utf8), in: head, from: index) {
            let close = head[tag...].firstIndex(of: UInt8(ascii: ">")) ?? head.endIndex
            if let label = scanCharsetParameter(Array(head[tag..<close])[...]) {
                return (label, .meta)
            }
            index = close
        }
        return nil
    }

    /// Decodes `bytes` to UTF-8 and reports the charset used.
    ///
    /// Invalid sequences become U+FFFD rather than failing the page: one bad
    /// byte must not hide a whole report. Throws only for a charset iconv
    /// does not know.
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, declared: String?
    ) throws(MarkupError) -> (utf8: [UInt8]?, charset: String, source: Source) {
        var charset: String
        var source: Source
        var body = bytes
        if let declared, !declared.isEmpty {
            charset = canonical(declared)
            source = .header
        } else if let (label, found) = sniff(bytes) {
            charset = canonical(label)
            source = found
        } else if isValidUTF8(bytes) {
            return (nil, "UTF-8", .validUTF8)
        } else if isMostlyUTF8(bytes) {
            // A UTF-8 page with a few damaged bytes (pasted from elsewhere):
            // keep UTF-8 and mark the damage rather than misread the whole page.
            return (Array(String(decoding: bytes, as: UTF8.self).utf8), "UTF-8", .fallback)
        } else {
            charset = "GB18030"
            source = .fallback
        }
        if charset == "UTF-8" {
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = UnsafeRawBufferPointer(rebasing: body.dropFirst(3)) }
            if isValidUTF8(body) {
                return (source == .byteOrderMark ? Array(body) : nil, charset, source)
            }
            // Declared UTF-8 but not valid: with no header, GB18030 is the likelier truth.
            if source == .meta {
                charset = "GB18030"
                source = .fallback
            } else {
                return (Array(String(decoding: body, as: UTF8.self).utf8), charset, source)
            }
        }
        return (try transcode(body, from: charset), charset, source)
    }

    static func transcode(_ bytes: UnsafeRawBufferPointer, from charset: String) throws(MarkupError) -> [UInt8] {
        let converter = iconv_open("UTF-8", charset)
        guard let converter, converter != iconv_t(bitPattern: -1) else {
            throw MarkupError(.unknownCharset, "unknown charset \(charset)")
        }
        defer { iconv_close(converter) }
        var output = [UInt8](repeating: 0, count: bytes.count * 3 / 2 + 16)
        var written = 0
        var consumed = 0
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        while consumed < bytes.count {
            if output.count - written < 16 { output.append(contentsOf: repeatElement(0, count: output.count)) }
            var inLeft = bytes.count - consumed
            var outLeft = output.count - written
            let result: Int = output.withUnsafeMutableBytes { out in
                var inPointer = UnsafeMutablePointer(
                    mutating: bytes.baseAddress!.advanced(by: consumed)
                        .assumingMemoryBound(to: CChar.self))
                var outPointer: UnsafeMutablePointer<CChar>? = out.baseAddress!.advanced(by: written)
                    .assumingMemoryBound(to: CChar.self)
                var inOptional: UnsafeMutablePointer<CChar>? = inPointer
                let r = iconv(converter, &inOptional, &inLeft, &outPointer, &outLeft)
                inPointer = inOptional!
                return r == -1 ? Int(errno) : 0
            }
            consumed = bytes.count - inLeft
            written = output.count - outLeft
            switch Int32(result) {
            case 0: break
            case E2BIG: continue
            default:  // EILSEQ or EINVAL: one undecodable byte; mark it and go on.
                if output.count - written < 3 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                output.replaceSubrange(written..<(written + 3), with: replacement)
                written += 3
                consumed += 1
            }
        }
        output.removeSubrange(written...)
        return output
    }

    static func find(_ needle: [UInt8], in haystack: Slice<UnsafeRawBufferPointer>, from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.endIndex {
            var matches = true
            for offset in 0..<needle.count where lowercase(haystack[index + offset]) != needle[offset] {
                matches = false
                break
            }
            if matches { return index }
            index += 1
        }
        return nil
    }

    static func lowercase(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }

    /// Finds `charset=NAME` in a tag or header value, ASCII case-insensitively.
    static func scanCharsetParameter(_ bytes: ArraySlice<UInt8>) -> String? {
        let needle = Array("charset".utf8)
        var index = bytes.startIndex
        while index + needle.count <= bytes.endIndex {
            var matches = true
            for offset in 0..<needle.count where lowercase(bytes[index + offset]) != needle[offset] {
                matches = false
                break
            }
            if !matches {
                index += 1
                continue
            }
            var cursor = index + needle.count
            while cursor < bytes.endIndex, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            guard cursor < bytes.endIndex, bytes[cursor] == UInt8(ascii: "=") else {
                index = cursor
                continue
            }
            cursor += 1
            while cursor < bytes.endIndex, [0x20, 0x09, 0x22, 0x27].contains(bytes[cursor]) { cursor += 1 }
            let start = cursor
            while cursor < bytes.endIndex {
                let b = bytes[cursor]
                let isLabel =
                    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                    || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
                    || b == UInt8(ascii: ":")
                guard isLabel else { break }
                cursor += 1
            }
            if cursor > start { return String(decoding: bytes[start..<cursor], as: UTF8.self) }
            index = cursor
        }
        return nil
    }
}

extension String {
    func trimmingASCIISpacesAndQuotes() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\"" || first == "'" || first == "\t" {
            scalars.removeFirst()
        }
        while let last = scalars.last, last == " " || last == "\"" || last == "'" || last == "\t" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}
