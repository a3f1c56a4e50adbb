import Foundation
import GRDB
public import GovwatchCore

/// What the publication calendar keeps in the store so that it judges only
/// when something it reads has changed (see `StoreSchema.addHeadingsVersion`).
extension GovwatchStore {
    /// The stored headings' version and the inputs of the calendar's last
    /// recorded judgment (nil: none), read together: what the calendar
    /// compares before it reads any heading.
    public func calendarMarks() async throws(StoreError) -> (headingsVersion: Int64, lastJudgment: String?) {
        try await read { db in
            (try Self.headingsVersion(db), try String.fetchOne(db, sql: "SELECT inputs FROM calendar_judgment"))
        }
    }

    /// Every stored report's heading, those with no entries too
    /// (``reportHeadings(includingEmpty:)``), with the version they are
    /// (one read transaction, so the version is exactly theirs) and how many
    /// stored snapshots could not be read.
    public func calendarHeadings() async throws(StoreError) -> CalendarHeadings {
        try await read { db in
            let version = try Self.headingsVersion(db)
            let (headings, unreadable) = try Self.reportHeadings(db, includingEmpty: true)
            return CalendarHeadings(version: version, headings: headings, unreadable: unreadable)
        }
    }

    /// Inserts the alerts a judgment raised (``insertAlerts(_:at:)``) and
    /// records the inputs it was made from, in one transaction: a judgment
    /// is on record exactly when its alerts are in the outbox.
    public func recordCalendarJudgment(
        _ alerts: [Alert], at time: Timestamp, inputs: String
    ) async throws(StoreError) -> [Alert] {
        try await insertAlerts(alerts, at: time) { db in
            try db.execute(
                sql: """
                    INSERT INTO calendar_judgment (id, inputs) VALUES (1, ?)
                    ON CONFLICT(id) DO UPDATE SET inputs = excluded.inputs
                    """, arguments: [inputs])
        }
    }

    /// The number SQLite's triggers move whenever ``reportHeadings(includingEmpty:)``
    /// may return something else: every document and snapshot added,
    /// removed or changed in what a heading is made of, whoever writes it.
    /// (A snapshot's stored heading changes only with its snapshot, or is
    /// filled by a migration from it: the same heading.)
    static func headingsVersion(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM store_counter WHERE name = 'headings'") ?? 0
    }
}

/// What ``GovwatchStore/calendarHeadings()`` read.
public struct CalendarHeadings: Sendable {
    /// The headings' version these are (``GovwatchStore/calendarMarks()``).
    public var version: Int64
    public var headings: [ReportHeading]
    /// Stored reports whose heading could not be read: a judgment made
    /// without them must not be recorded as the judgment of this version.
    public var unreadable: Int
}
