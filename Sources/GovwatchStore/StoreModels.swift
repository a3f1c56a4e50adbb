public import Foundation
public import GovwatchCore

/// An alert waiting in the outbox, or delivered.
public struct OutboxAlert: Sendable, Hashable {
    public var sequence: Int64
    public var id: String
    public var kind: String
    public var source: String
    public var createdAt: Timestamp
    /// The alert's JSON, exactly as spooled and logged.
    public var payload: [UInt8]
    public var spooledAt: Timestamp?
    public var loggedAt: Timestamp?

    /// The alert its payload holds; nil for a payload that does not decode,
    /// which readers that show alerts (change log, feed, site) skip.
    public var alert: Alert? { try? JSONDecoder().decode(Alert.self, from: Data(payload)) }
}

/// A stored report's snapshot and the bytes it is stored as. The same
/// bytes always read as the same snapshot (a dictionary's id names one
/// dictionary in a store), so the site tells whether a report changed by
/// its bytes, a few kilobytes, instead of hashing every entry read from them.
public struct StoredSnapshot: Sendable {
    public var snapshot: DocumentSnapshot
    public var stored: Data

    public init(snapshot: DocumentSnapshot, stored: Data) {
        self.snapshot = snapshot
        self.stored = stored
    }
}
