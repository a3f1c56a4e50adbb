import Foundation
import GRDB
public import GovwatchCore

/// The outbox: alerts committed with their cycle, then delivered.
extension GovwatchStore {
    /// Alerts not yet both spooled and logged, oldest first.
    public func pendingAlerts() async throws(StoreError) -> [OutboxAlert] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE spooled_at IS NULL OR logged_at IS NULL ORDER BY sequence"
            )
            .map(StoreRows.outbox)
        }
    }

    /// Every alert, oldest first (`limit` newest when given).
    public func alerts(limit: Int? = nil) async throws(StoreError) -> [OutboxAlert] {
        try await read { db in
            if let limit {
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM (SELECT * FROM outbox ORDER BY sequence DESC LIMIT ?) ORDER BY sequence",
                    arguments: [limit]
                ).map(StoreRows.outbox)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY sequence").map(StoreRows.outbox)
        }
    }

    /// Alerts created at or after `since`, oldest first (by index: a
    /// month's change log does not decode the whole outbox).
    public func alerts(since: Timestamp) async throws(StoreError) -> [OutboxAlert] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE created_at >= ? ORDER BY sequence", arguments: [since.epochSeconds]
            ).map(StoreRows.outbox)
        }
    }

    /// The sequence number of the newest alert committed (nil: none yet).
    public func newestAlertSequence() async throws(StoreError) -> Int64? {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT MAX(sequence) FROM outbox") }
    }

    /// Alerts committed after the one numbered `sequence`, oldest first.
    public func alerts(after sequence: Int64) async throws(StoreError) -> [OutboxAlert] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE sequence > ? ORDER BY sequence", arguments: [sequence]
            ).map(StoreRows.outbox)
        }
    }

    /// Alerts about any of these documents, oldest first.
    public func alerts(urls: some Collection<String>) async throws(StoreError) -> [OutboxAlert] {
        let list = Array(urls)
        return try await read { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM outbox WHERE url = ?")
            return try list.flatMap { url in try Row.fetchAll(statement, arguments: [url]).map(StoreRows.outbox) }
                .sorted { $0.sequence < $1.sequence }
        }
    }

    /// Adds alerts decided outside a cycle (``PublicationCalendar``), each
    /// once: an id already in the outbox is left as it is. Returns those added.
    public func insertAlerts(_ alerts: [Alert], at time: Timestamp) async throws(StoreError) -> [Alert] {
        try await insertAlerts(alerts, at: time, also: nil)
    }

    /// ``insertAlerts(_:at:)``, and `also` in the same transaction.
    func insertAlerts(
        _ alerts: [Alert], at time: Timestamp, also: (@Sendable (Database) throws -> Void)?
    ) async throws(StoreError) -> [Alert] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var payloads: [(Alert, Data)] = []
        let dictionary = compression.current
        do {
            for alert in alerts {
                payloads.append((alert, OutboxPayload.stored(try encoder.encode(alert), dictionary: dictionary)))
            }
        } catch {
            throw StoreError(.encoding, path: path, message: "cannot encode an alert: \(error)")
        }
        let prepared = payloads
        return try await write { db in
            var added: [Alert] = []
            for (alert, payload) in prepared {
                try db.cachedStatement(sql: Self.insertAlert).execute(arguments: [
                    alert.id, alert.kind.rawValue, alert.source, time.epochSeconds, payload, alert.url,
                ])
                if db.changesCount > 0 { added.append(alert) }
            }
            try also?(db)
            return added
        }
    }

    /// Records that these alerts are in the spool, in one transaction.
    public func markSpooled(_ ids: [String], at time: Timestamp) async throws(StoreError) {
        try await mark("spooled_at", ids, at: time)
    }

    /// Records that these alerts are in the alert log, in one transaction.
    public func markLogged(_ ids: [String], at time: Timestamp) async throws(StoreError) {
        try await mark("logged_at", ids, at: time)
    }

    private func mark(_ column: String, _ ids: [String], at time: Timestamp) async throws(StoreError) {
        guard !ids.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(sql: "UPDATE outbox SET \(column) = ? WHERE id = ?")
            for id in ids { try statement.execute(arguments: [time.epochSeconds, id]) }
        }
    }
}

extension GovwatchStore {
    /// How many alerts wait for delivery, and since when the oldest does.
    public func outboxBacklog() async throws(StoreError) -> (count: Int, oldest: Timestamp?) {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE spooled_at IS NULL OR logged_at IS NULL"
            )
            return (row?["n"] ?? 0, (row?["oldest"] as Double?).map(Timestamp.init(epochSeconds:)))
        }
    }

    /// Documents known per source (removed ones included).
    public func documentCounts() async throws(StoreError) -> [String: Int] {
        try await read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, count(*) AS n FROM document GROUP BY source") {
                counts[row["source"]] = row["n"]
            }
            return counts
        }
    }
}
