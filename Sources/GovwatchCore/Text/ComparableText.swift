/// The form of a text used to compare two versions of it and to derive keys.
///
/// Two texts that differ only in whitespace, NBSP, or full-/half-width forms
/// (`，` vs `,`, `（` vs `(`, `。` vs `.`) fold to the same string. Unlike NFKC it
/// keeps circled numbers such as `①`, which carry meaning in progress items.
public enum ComparableText {
    public static func fold(_ text: some StringProtocol) -> String {
        var text = String(text)
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            forEachFoldedByte(bytes) { output.append($0) }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Feeds the folded form of `text` to `hash` without building it: the
    /// content hash of a report folds ~150 KB of text, and building strings
    /// to throw them away cost as much as the folding.
    public static func hashFolded(_ text: String, into hash: inout StableHash) {
        var text = text
        text.withUTF8 { bytes in forEachFoldedByte(bytes) { hash.combine(byte: $0) } }
    }

    /// The folding itself: calls `body` with each byte of the folded form.
    @inline(__always)
    static func forEachFoldedByte(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt8) -> Void) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // ASCII other than whitespace and control characters folds to itself.
            if byte > 0x20 && byte < 0x80 {
                body(byte)
                index += 1
                continue
            }
            // A whole character no rule below touches (led by E4–EE, the
            // CJK ideographs): the rules look at lead bytes E1–E3 and EF and
            // would pass each of these bytes through, one loop turn each.
            let quiet = DisplayText.quietLength(bytes, at: index)
            if quiet == 3 {
                body(byte)
                body(bytes[index + 1])
                body(bytes[index + 2])
                index += 3
                continue
            }
            let length = DisplayText.noiseLength(bytes, at: index)
            if length > 0 {
                index += length
                continue
            }
            if byte == 0xEF, index + 2 < bytes.count {
                // U+FF01–FF5E: EF BC 81–BF and EF BD 80–9E; U+FF61 ｡: EF BD A1.
                let second = bytes[index + 1]
                let third = bytes[index + 2]
                if second == 0xBC && third >= 0x81 {
                    body(third - 0x81 + 0x21)
                    index += 3
                    continue
                }
                if second == 0xBD && third >= 0x80 && third <= 0x9E {
                    body(third - 0x80 + 0x60)
                    index += 3
                    continue
                }
                if second == 0xBD && third == 0xA1 {
                    body(UInt8(ascii: "."))
                    index += 3
                    continue
                }
            }
            if byte == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x82 {  // 。
                body(UInt8(ascii: "."))
                index += 3
                continue
            }
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80 {
                switch bytes[index + 2] {
                case 0x9C, 0x9D:
                    body(UInt8(ascii: "\""))
                    index += 3
                    continue  // “ ”
                case 0x98, 0x99:
                    body(UInt8(ascii: "'"))
                    index += 3
                    continue  // ‘ ’
                default: break
                }
            }
            body(byte)
            index += 1
        }
    }
}
