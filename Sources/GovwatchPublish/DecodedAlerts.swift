import GovwatchCore
import GovwatchStore

/// Outbox alerts decoded for one site update, those new since the site's
/// last build each once. An update reads them several times (as new, as
/// a series' edits, in their month, among the latest fifty for the index
/// and feed), and Foundation's `JSONDecoder` spends some 400,000
/// instructions on one alert (callgrind). Only the new ones are
/// remembered: the update holds them anyway, while older alerts (a
/// series' edits of years, every alert of a month) would unbound its
/// memory; a full build remembers none (``forgetting``).
struct DecodedAlerts {
    private var bySequence: [Int64: Alert?] = [:]
    /// Alerts at or before this sequence are decoded every time.
    private let remembersAfter: Int64

    /// Remembers the alerts after `sequence` (the site's last build's).
    init(rememberingAfter sequence: Int64) { remembersAfter = sequence }

    /// Decodes every time, remembering none.
    static var forgetting: DecodedAlerts { DecodedAlerts(rememberingAfter: .max) }

    /// The alerts `rows` hold, in order; a payload that does not decode is
    /// skipped (``OutboxAlert/alert``).
    mutating func alerts(_ rows: [OutboxAlert]) -> [Alert] {
        rows.compactMap { row in
            guard row.sequence > remembersAfter else { return row.alert }
            if let known = bySequence[row.sequence] { return known }
            let alert = row.alert
            bySequence[row.sequence] = .some(alert)
            return alert
        }
    }
}
