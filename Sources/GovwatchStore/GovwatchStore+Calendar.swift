import GRDB

/// What the publication calendar keeps in the store so that it judges only
/// when something it reads has changed (see `StoreSchema.addHeadingsVersion`).
extension GovwatchStore {
    /// A number that changes whenever ``reportHeadings(includingEmpty:)``
    /// may return something else: SQLite's triggers count every document
    /// and snapshot added, removed or changed in what a heading is made of,
    /// whoever writes it. Read it before the headings: a commit in between
    /// makes the next reading differ, never the same for other headings.
    public func headingsVersion() async throws(StoreError) -> Int64 {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM store_counter WHERE name = 'headings'") ?? 0
        }
    }

    /// The inputs of the calendar's last recorded judgment
    /// (``insertAlerts(_:at:calendarJudgment:)``), or nil.
    public func calendarJudgment() async throws(StoreError) -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT inputs FROM calendar_judgment WHERE id = 1") }
    }

    static func recordCalendarJudgment(_ inputs: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO calendar_judgment (id, inputs) VALUES (1, ?)
                ON CONFLICT(id) DO UPDATE SET inputs = excluded.inputs
                """, arguments: [inputs])
    }
}
