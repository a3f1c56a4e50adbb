import GRDB
public import GovwatchCore

/// Per-host politeness that outlives the process.
extension GovwatchStore {
    /// Every host that was deferred or failing when last saved.
    public func hostDeferrals() async throws(StoreError) -> [HostDeferral] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM host_state ORDER BY host").map { row in
                HostDeferral(
                    host: row["host"], notBefore: Timestamp(epochSeconds: row["not_before"]), failures: row["failures"],
                    retryAfter: row["retry_after"])
            }
        }
    }

    /// Replaces what is remembered with the fetcher's current deferrals,
    /// in one transaction (a host that recovered is forgotten).
    public func saveHostDeferrals(_ deferrals: [HostDeferral]) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM host_state")
            let insert = try db.cachedStatement(
                sql: "INSERT INTO host_state (host, not_before, failures, retry_after) VALUES (?, ?, ?, ?)")
            for deferral in deferrals {
                try insert.execute(arguments: [
                    deferral.host, deferral.notBefore.epochSeconds, deferral.failures, deferral.retryAfter,
                ])
            }
        }
    }
}
