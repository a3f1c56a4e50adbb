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
            var index = 0
            while index < bytes.count {
                let length = DisplayText.noiseLength(bytes, at: index)
                if length > 0 { index += length; continue }
                let byte = bytes[index]
                if byte == 0xEF, index + 2 < bytes.count {
                    // U+FF01–FF5E: EF BC 81–BF and EF BD 80–9E; U+FF61 ｡: EF BD A1.
                    let second = bytes[index + 1], third = bytes[index + 2]
                    if second == 0xBC && third >= 0x81 {
                        output.append(third - 0x81 + 0x21)
                        index += 3
                        continue
                    }
                    if second == 0xBD && third >= 0x80 && third <= 0x9E {
                        output.append(third - 0x80 + 0x60)
                        index += 3
                        continue
                    }
                    if second == 0xBD && third == 0xA1 {
                        output.append(UInt8(ascii: "."))
                        index += 3
                        continue
                    }
                }
                if byte == 0xE3, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x82 { // 。
                    output.append(UInt8(ascii: "."))
                    index += 3
                    continue
                }
                if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80 {
                    switch bytes[index + 2] {
                    case 0x9C, 0x9D: output.append(UInt8(ascii: "\"")); index += 3; continue // “ ”
                    case 0x98, 0x99: output.append(UInt8(ascii: "'")); index += 3; continue // ‘ ’
                    default: break
                    }
                }
                output.append(byte)
                index += 1
            }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
