import GovwatchCore

/// ``LeadUnits/split(_:rules:)`` over a list's UTF-8 bytes: the units
/// between separators at bracket depth 0, a bracket kept with its unit
/// unless it is a note (`(列第一位者为牵头单位,下同)`).
///
/// By bytes, because every task's unit clause passes through here and
/// growing each unit one `Unicode.Scalar` at a time cost several times
/// more: the text between marks is copied in runs. Every mark is one ASCII
/// byte or three bytes led by E3 80 or EF BC, so other scalars are only
/// stepped over. The units are those the scalar walk gave, byte for byte
/// (lead units are hashed; `UnitListByBytesTests` keeps the scalar walk to compare).
struct UnitListSplitter {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Angle brackets (`<＜〈《`) group units too (`各区县政府<A、B>`; rules 2 on).
    let angles: Bool

    enum Mark { case opener, closer, separator, none }

    func units() -> [String] {
        var units: [String] = []
        var current: [UInt8] = []
        var runStart = 0  // at depth 0: where the bytes not yet in `current` start
        var bracketStart = 0
        var depth = 0
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let next = min(index + (lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4), bytes.count)
            let mark = mark(at: index)
            if depth > 0 {
                if mark == .opener { depth += 1 }
                if mark == .closer {
                    depth -= 1
                    if depth == 0 {
                        let bracket = UnsafeBufferPointer(rebasing: bytes[bracketStart..<next])
                        if !Self.isNote(bracket) { current.append(contentsOf: bracket) }
                        runStart = next
                    }
                }
            } else if mark == .opener {
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                depth = 1
                bracketStart = index
            } else if mark == .separator {
                current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                flush(&current, into: &units)
                runStart = next
            }
            index = next
        }
        // An unclosed bracket stays with its unit.
        let rest = depth > 0 ? bracketStart : runStart
        current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[rest...]))
        flush(&current, into: &units)
        return units
    }

    /// What the scalar at `index` is to a unit list.
    @inline(__always)
    func mark(at index: Int) -> Mark {
        let lead = bytes[index]
        if lead < 0x80 {
            switch lead {
            case UInt8(ascii: "("), UInt8(ascii: "["): return .opener
            case UInt8(ascii: ")"), UInt8(ascii: "]"): return .closer
            case UInt8(ascii: "<"): return angles ? .opener : .none
            case UInt8(ascii: ">"): return angles ? .closer : .none
            case UInt8(ascii: ","), UInt8(ascii: ";"): return .separator
            default: return .none
            }
        }
        guard lead == 0xE3 || lead == 0xEF, index + 2 < bytes.count else { return .none }
        let second = bytes[index + 1]
        let third = bytes[index + 2]
        if lead == 0xE3 && second == 0x80 {
            switch third {
            case 0x90, 0x94: return .opener  // 【 〔
            case 0x91, 0x95: return .closer  // 】 〕
            case 0x88, 0x8A: return angles ? .opener : .none  // 〈 《
            case 0x89, 0x8B: return angles ? .closer : .none  // 〉 》
            case 0x81: return .separator  // 、
            default: return .none
            }
        }
        if lead == 0xEF && second == 0xBC {
            switch third {
            case 0x88, 0xBB: return .opener  // （ ［
            case 0x89, 0xBD: return .closer  // ） ］
            case 0x9C: return angles ? .opener : .none  // ＜
            case 0x9E: return angles ? .closer : .none  // ＞
            case 0x8C, 0x9B: return .separator  // ， ；
            default: return .none
            }
        }
        return .none
    }

    /// A bracketed note about the list, not part of a unit's name.
    static func isNote(_ bracket: UnsafeBufferPointer<UInt8>) -> Bool {
        let note = String(decoding: bracket, as: UTF8.self)
        return note.containsUTF8("下同") || note.containsUTF8("牵头单位") || note.containsUTF8("责任单位")
    }

    /// Ends the unit being read: cleaned, and (rules 2) without the
    /// `分别牵头` that names each unit of the list a lead.
    func flush(_ current: inout [UInt8], into units: inout [String]) {
        var unit = current.withUnsafeBufferPointer { DisplayText.clean(utf8: $0) }
        // By Characters, as it always was: a rare path.
        if angles, unit.hasSuffixUTF8("分别牵头") { unit = DisplayText.clean(String(unit.dropLast(4))) }
        if !unit.isEmpty { units.append(unit) }
        current.removeAll(keepingCapacity: true)
    }
}
