/// Checks toml++ cannot be trusted with: on some malformed input it
/// asserts (aborting the process) instead of reporting an error. Found by
/// the config fuzzer (Tests/Fuzz); each check names the line.
enum TOMLPreScan {
    static func check(_ text: String, file: String) throws(ConfigurationError) {
        // TOML never allows raw control characters (only tab and line
        // ends): a stray byte would abort the daemon on SIGHUP.
        if let (line, scalar) = firstControlCharacter(in: text) {
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            throw ConfigurationError(
                file: file, line: line, message: "control character \(code) is not allowed in TOML")
        }
        if let line = firstBadTableHeader(in: text) {
            throw ConfigurationError(
                file: file, line: line, message: "TOML syntax: a table header needs a name: [name] or [[name]]")
        }
    }

    /// The first C0 control (other than tab, LF, CR) or DEL, with its line.
    static func firstControlCharacter(in text: String) -> (line: Int, scalar: Unicode.Scalar)? {
        var line = 1
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: line += 1
            case 0x09, 0x0D: continue
            case 0x00...0x1F, 0x7F: return (line, scalar)
            default: continue
            }
        }
        return nil
    }

    /// The first line that opens a table header (`[` or `[[` at the start)
    /// with neither a bare key character nor a quote: toml++ asserts on those
    /// (`[!]`, `[ ä]`). Inside a multi-line array such a line would be a
    /// nested array or inline table, which no govwatch key takes anyway.
    static func firstBadTableHeader(in text: String) -> Int? {
        // Scalars, not Characters: `[` followed by a combining mark is one
        // Character, and toml++ reads bytes.
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        for (index, line) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line.drop(while: isSpace)
            guard rest.first == "[" else { continue }
            rest = rest.dropFirst()
            if rest.first == "[" { rest = rest.dropFirst() }
            rest = rest.drop(while: isSpace)
            guard let first = rest.first else { return index + 1 }
            let bare =
                first.isASCII
                && (first.properties.isAlphabetic || ("0"..."9").contains(first) || first == "_" || first == "-")
            if !bare && first != "\"" && first != "'" { return index + 1 }
        }
        return nil
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
