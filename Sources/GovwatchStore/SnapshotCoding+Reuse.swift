import Foundation
import GovwatchCore

/// Reading a snapshot beside one read before it (the report before it in
/// its series): a string whose bytes are the earlier snapshot's string is
/// that string, shared, not validated as UTF-8 and allocated again. The
/// reports of a series carry most rows over (their tasks, units, keys and
/// much of their progress): making each of them anew was a tenth of the
/// site's update after a cycle, and freeing them again as much (perf).
///
/// Exact: a string is shared only when its bytes are the stored bytes, so
/// the snapshot read is the one ``SnapshotCoding/decode(_:like:)`` reads
/// without an earlier one, byte for byte.
extension SnapshotCoding.Reader {
    /// An entry, sharing the strings of the entry of `earlier` with the
    /// same key: the one at `row` + `shift` or up to two rows either side,
    /// else wherever it is (`shift` follows the rows found, so rows
    /// inserted near the top do not make every row below a search).
    mutating func entry(version2: Bool, like earlier: [ReportEntry], row: Int, shift: inout Int) -> ReportEntry? {
        guard let keyBytes = rawString() else { return nil }
        var like: ReportEntry?
        for delta in [0, -1, 1, -2, 2] {
            let candidate = row + shift + delta
            guard earlier.indices.contains(candidate), SameBytes.text(earlier[candidate].key, is: keyBytes) else {
                continue
            }
            shift = candidate - row
            like = earlier[candidate]
            break
        }
        // Rows moved further (several inserted or dropped at one place): found anywhere.
        if like == nil, let found = earlier.firstIndex(where: { SameBytes.text($0.key, is: keyBytes) }) {
            shift = found - row
            like = earlier[found]
        }
        let key = like?.key ?? String(decoding: keyBytes, as: UTF8.self)
        guard let number = optional(like: like?.number), let section = optional(like: like?.section),
            let task = string(like: like?.task), let leadUnits = strings(like: like?.leadUnits ?? []),
            let supportingUnits = version2 ? strings(like: like?.supportingUnits ?? []) : [],
            let progress = strings(like: like?.progress ?? []), let extras = extras(like: like?.extras ?? [:])
        else { return nil }
        let content = EntryContent(
            task: task, leadUnits: leadUnits, supportingUnits: supportingUnits, progress: progress, extras: extras)
        return ReportEntry(key: key, number: number, section: section, content: content)
    }

    /// The bytes of the next string, not made a `String` yet.
    mutating func rawString() -> UnsafeRawBufferPointer? {
        guard let length = count(), length <= bytes.count - offset else { return nil }
        defer { offset += length }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
    }

    /// The next string: `candidate` itself when it has its bytes.
    mutating func string(like candidate: String? = nil) -> String? {
        guard let raw = rawString() else { return nil }
        if let candidate, SameBytes.text(candidate, is: raw) { return candidate }
        return String(decoding: raw, as: UTF8.self)
    }

    /// nil: damaged; .some(nil): a stored nil.
    mutating func optional(like candidate: String? = nil) -> String?? {
        guard offset < bytes.count else { return nil }
        let flag = bytes[offset]
        offset += 1
        switch flag {
        case 0: return .some(nil)
        case 1: return string(like: candidate).map { .some($0) }
        default: return nil
        }
    }

    /// A list, each item shared with an item of `earlier` that has its
    /// bytes (the one at its place tried first); `earlier` itself when
    /// every item is its item at the same place (most lists: no new list
    /// is made for them).
    mutating func strings(like earlier: [String]) -> [String]? {
        guard let count = count() else { return nil }
        // Made at the first item that is not `earlier`'s at its place.
        var list: [String]?
        for index in 0..<count {
            guard let raw = rawString() else { return nil }
            let atItsPlace = index < earlier.count && SameBytes.text(earlier[index], is: raw)
            if list == nil {
                if atItsPlace { continue }
                // Every item before this one is `earlier`'s at its place.
                list = Array(earlier[..<index])
                list!.reserveCapacity(count)
            }
            list!.append(
                atItsPlace
                    ? earlier[index]
                    : earlier.first { SameBytes.text($0, is: raw) } ?? String(decoding: raw, as: UTF8.self))
        }
        return list ?? (count == earlier.count ? earlier : Array(earlier[..<count]))
    }

    /// Extra columns (stored sorted by name); `earlier` itself when they
    /// are its columns with its values (most: no dictionary is made).
    mutating func extras(like earlier: [String: String]) -> [String: String]? {
        guard let count = count() else { return nil }
        let start = offset
        if sameColumns(count, as: earlier) { return earlier }
        offset = start
        var extras: [String: String] = [:]
        for _ in 0..<count {
            guard let nameBytes = rawString(), let valueBytes = rawString() else { return nil }
            let known = earlier.first { SameBytes.text($0.key, is: nameBytes) }
            let name = known?.key ?? String(decoding: nameBytes, as: UTF8.self)
            extras[name] =
                known.flatMap { SameBytes.text($0.value, is: valueBytes) ? $0.value : nil }
                ?? String(decoding: valueBytes, as: UTF8.self)
        }
        return extras
    }

    /// Whether the next `count` columns are each a column of `earlier`
    /// with its value, each of its columns once (a damaged row may name
    /// one twice): they then read as `earlier`. Reads past them either way.
    mutating func sameColumns(_ count: Int, as earlier: [String: String]) -> Bool {
        guard count == earlier.count, count <= 64 else { return false }
        var seen: UInt64 = 0
        for _ in 0..<count {
            guard let name = rawString(), let value = rawString(),
                let match = earlier.enumerated().first(where: { SameBytes.text($0.element.key, is: name) }),
                seen & (1 << match.offset) == 0, SameBytes.text(match.element.value, is: value)
            else { return false }
            seen |= 1 << match.offset
        }
        return true
    }
}
