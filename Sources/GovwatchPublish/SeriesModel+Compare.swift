import GovwatchCore
import GovwatchStore

/// What ``SeriesModel`` compares and collects, as pure functions of their
/// arguments (and, below, the two small helpers it counts unit statuses with).
extension SeriesModel {
    static func sameStatusInputs(_ a: ReportEntry, _ b: ReportEntry) -> Bool {
        guard a.extras.count == b.extras.count, SameBytes.texts(a.progress, b.progress) else { return false }
        guard !a.extras.isEmpty else { return true }
        let first = a.extras.sorted { $0.key < $1.key }
        let second = b.extras.sorted { $0.key < $1.key }
        return zip(first, second).allSatisfy { sameBytes($0.key, $1.key) && sameBytes($0.value, $1.value) }
    }

    /// The items of `progress` whose folded text no item of `before` has.
    ///
    /// An item carried over byte for byte (most of them, in reports pasted
    /// from the last one) is not new without folding or hashing it: this
    /// was two thirds of reading a series (folding both reports' progress
    /// and hashing it under Unicode rules, perf of the site after a cycle).
    /// The others are compared folded, as before.
    static func added(_ progress: [String], since before: [String]) -> [String] {
        var folded: Set<String>?
        return progress.filter { item in
            if before.contains(where: { sameBytes($0, item) }) { return false }
            if folded == nil { folded = Set(before.map(ComparableText.fold)) }
            return !folded!.contains(ComparableText.fold(item))
        }
    }

    /// Each item of `progress` with whether it is one of `added` (a
    /// subsequence of it, as ``added(_:since:)`` returns), matched by its
    /// bytes: a `Set` of the items hashed each under Unicode's rules (NFC),
    /// a twentieth of a site's build (perf), to find the very strings the
    /// model picked.
    static func marked(_ progress: [String], added: [String]) -> [(text: String, added: Bool)] {
        guard !added.isEmpty else { return progress.map { ($0, false) } }
        return progress.map { item in (item, added.contains { sameBytes($0, item) }) }
    }

    /// The same UTF-8 (``SameBytes/text(_:_:)``; `elementsEqual` byte by
    /// byte was 8% of rebuilding a long series).
    @inline(__always)
    static func sameBytes(_ a: String, _ b: String) -> Bool { SameBytes.text(a, b) }

    /// Each entry change of a `document.changed` alert, oldest first.
    static func edits(_ alerts: [Alert], reports: [ReportHeading]) -> [(Int, String, ChangeLog.EntryLog)] {
        let position = Dictionary(reports.enumerated().map { ($1.url, $0) }, uniquingKeysWith: { first, _ in first })
        let log = ChangeLog.build(
            alerts: alerts, filter: .init(kinds: [.documentChanged]), generatedAt: Timestamp(epochSeconds: 0))
        return log.documents.reversed().flatMap { document -> [(Int, String, ChangeLog.EntryLog)] in
            guard let url = document.url, let report = position[url] else { return [] }
            return document.entries.map { (report, document.detectedAt, $0) }
        }
    }
}

extension StatusPoint {
    /// Counts one more task, of `state` (an ``EntryStatus/Class`` raw
    /// value; nil: the report gives it no status).
    mutating func count(_ state: String?) {
        total += 1
        if let state { counts[state, default: 0] += 1 }
    }
}

extension Array {
    /// Appends `element`, dropping the oldest so that at most `limit` remain.
    mutating func append(_ element: Element, keepingLast limit: Int) {
        append(element)
        if count > limit { removeFirst(count - limit) }
    }
}
