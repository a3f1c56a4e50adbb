import Foundation
import GovwatchCore
import Testing

@testable import GovwatchPublish
@testable import GovwatchStore

/// An update decodes each outbox alert new since the site's last build
/// once, however many of its reads hold it, and older ones every time; a
/// full build remembers none.
@Suite("Alerts decoded once per update")
struct DecodedAlertsTests {
    static let factory = AlertFactory(source: "s", detectedAt: Timestamp(epochSeconds: 1_764_646_200))

    static func alert(_ failures: Int) -> Alert {
        factory.failing(failures: failures, error: "timed out fetching http://h/col", episode: .init(epochSeconds: 0))
    }

    /// A row of the outbox at `sequence` holding `alert`'s JSON (nil: a
    /// payload that does not decode).
    static func row(_ sequence: Int64, _ alert: Alert?) throws -> OutboxAlert {
        let payload = try alert.map { [UInt8](try JSONEncoder().encode($0)) } ?? Array("{\"id\":".utf8)
        return OutboxAlert(
            sequence: sequence, id: "a\(sequence)", kind: "source.failing", source: "s",
            createdAt: Timestamp(epochSeconds: 0), payload: payload, spooledAt: nil, loggedAt: nil)
    }

    @Test func eachNewSequenceIsDecodedOnceInOrder() throws {
        let (first, second) = (Self.alert(3), Self.alert(4))
        var decoded = DecodedAlerts(rememberingAfter: 0)
        #expect(
            decoded.alerts([try Self.row(1, first), try Self.row(2, nil), try Self.row(3, second)]) == [first, second])
        // Read again (a row's payload cannot change under its sequence; a
        // changed one here shows the first decoding is what is returned).
        #expect(decoded.alerts([try Self.row(3, first), try Self.row(1, second)]) == [second, first])
        #expect(decoded.alerts([try Self.row(2, first)]) == [])
        // At or before the last build's mark: decoded each time.
        var older = DecodedAlerts(rememberingAfter: 1)
        #expect(older.alerts([try Self.row(1, first), try Self.row(2, first)]) == [first, first])
        #expect(older.alerts([try Self.row(1, second), try Self.row(2, second)]) == [second, first])
        var forgetting = DecodedAlerts.forgetting
        #expect(forgetting.alerts([try Self.row(1, first)]) == [first])
        #expect(forgetting.alerts([try Self.row(1, second), try Self.row(2, nil)]) == [second])
    }
}
