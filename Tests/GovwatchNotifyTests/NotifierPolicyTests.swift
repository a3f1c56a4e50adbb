import GovwatchConfig
import GovwatchCore
import Testing

@testable import GovwatchNotify

/// The notifier's rules as values, with the time given: which alerts a
/// notifier takes, how many go in one message, the wait after failures,
/// and the rate limit's refill. No sleeping.
@Suite("Notifier policy")
struct NotifierPolicyTests {
    static let now = Timestamp(epochSeconds: 1_800_000_000)

    static func policy(_ configure: (inout GovwatchConfiguration.Notifier) -> Void = { _ in }) -> NotifierPolicy {
        var notifier = GovwatchConfiguration.Notifier(name: "n", type: .wecom, url: "http://127.0.0.1:9/robot")
        configure(&notifier)
        return NotifierPolicy(notifier: notifier, backoffBase: .seconds(10), backoffCap: .seconds(600))
    }

    static func changed(source: String, unit: String) -> Alert {
        let factory = AlertFactory(source: source, detectedAt: now)
        let entry = ReportEntry(
            key: "k", number: "1", section: nil, task: "建设未来社区", leadUnits: [unit], progress: ["已开工3个。"],
            extras: [:])
        let old = DocumentSnapshot(title: "2025年重点工作进展情况", entries: [entry])
        var new = old
        new.entries[0].progress = ["已开工4个。"]
        return factory.changed(url: "http://h/a", old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
    }

    @Test func aNotifierTakesItsSourcesKindsAndUnits() {
        let alert = Self.changed(source: "zhoushan", unit: "市建设局(市人防办)")
        #expect(Self.policy().matches(alert), "no filter: every alert")
        #expect(!Self.policy { $0.sources = ["other"] }.matches(alert))
        #expect(Self.policy { $0.sources = ["zhoushan"] }.matches(alert))
        #expect(!Self.policy { $0.kinds = ["document.published"] }.matches(alert))
        #expect(Self.policy { $0.kinds = ["document.changed"] }.matches(alert))
        #expect(Self.policy { $0.units = ["市人防办"] }.matches(alert), "part of a unit's name")
        #expect(!Self.policy { $0.units = ["市民政局"] }.matches(alert))
        let failing = AlertFactory(source: "zhoushan", detectedAt: Self.now).failing(
            failures: 3, error: "timed out", episode: Self.now)
        #expect(!Self.policy { $0.units = ["市建设局"] }.matches(failing), "a unit filter takes only task changes")
    }

    @Test func batchesSpreadPendingAlertsOverTheTokens() {
        #expect(NotifierPolicy.batchSize(pending: 10, tokens: 0) == 0)
        #expect(NotifierPolicy.batchSize(pending: 10, tokens: 20) == 1)
        #expect(NotifierPolicy.batchSize(pending: 10, tokens: 3) == 4)
        #expect(NotifierPolicy.batchSize(pending: 1_000, tokens: 1) == NotifierPolicy.maximumBatch)
    }

    @Test func theWaitDoublesAfterEachFailureUpToTheCap() {
        let policy = Self.policy()
        #expect(
            [1, 2, 3, 4].map(policy.backoff(failures:)) == [.seconds(10), .seconds(20), .seconds(40), .seconds(80)])
        #expect(policy.backoff(failures: 7) == .seconds(600))
        #expect(policy.backoff(failures: 10_000) == .seconds(600))
    }

    @Test func theBucketRefillsAtItsRateAndNeverPastCapacity() {
        var bucket = Self.policy { $0.ratePerMinute = 20 }.bucket(at: Self.now)
        #expect(bucket.available(at: Self.now) == 20)
        for _ in 0..<20 { bucket.take() }
        #expect(bucket.available(at: Self.now) == 0)
        #expect(bucket.available(at: Self.now + .seconds(3)) == 1, "20 a minute: one every 3 s")
        #expect(bucket.available(at: Self.now + .seconds(-60)) == 1, "a clock that went back adds nothing")
        #expect(bucket.available(at: Self.now + .seconds(3600)) == 20)
    }
}
