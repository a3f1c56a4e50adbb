import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchFetch
import GovwatchSpool
import GovwatchStore
import Logging
import Synchronization

/// Delivers spool alerts to people through the configured notifiers.
///
/// Driven from the spool (`new/` and `cur/`): each notifier records in the
/// store which alert ids it delivered, so a restart never sends again what
/// was acknowledged and never drops one. A crash between sending and
/// recording repeats at most that one message (webhooks get the same
/// Idempotency-Key). Failures back off exponentially; a platform's rate
/// limit is kept by batching several alerts into one message.
public final class NotifierDispatcher: Sendable {
    public let notifiers: [GovwatchConfiguration.Notifier]
    let ledger: NotifierLedger
    let spool: MaildirSpool
    let fetcher: Fetcher
    let now: @Sendable () -> Timestamp
    let logger: Logger
    /// Spool files already decoded, by alert id.
    private let decoded = Mutex<[String: Alert]>([:])
    /// Tokens per notifier (messages it may send now), refilled continuously.
    private let buckets = Mutex<[String: (tokens: Double, at: Timestamp)]>([:])
    public let backoffBase: Duration
    public let backoffCap: Duration = .seconds(600)

    public init(
        notifiers: [GovwatchConfiguration.Notifier], ledger: NotifierLedger, spool: MaildirSpool, fetcher: Fetcher,
        now: @escaping @Sendable () -> Timestamp, logger: Logger, backoffBase: Duration = .seconds(10)
    ) {
        self.notifiers = notifiers
        self.ledger = ledger
        self.spool = spool
        self.fetcher = fetcher
        self.now = now
        self.logger = logger
        self.backoffBase = backoffBase
    }

    public struct Outcome: Sendable {
        public var notifier: String
        public var sentMessages = 0
        public var deliveredAlerts = 0
        public var pending = 0
        public var error: String?
    }

    /// One pass over every notifier.
    public func dispatch() async -> [Outcome] {
        var outcomes: [Outcome] = []
        let alerts = spoolAlerts()
        do { try await ledger.register(notifiers.map(\.name), at: now(), backlog: alerts.map(\.id)) } catch {
            return notifiers.map { Outcome(notifier: $0.name, error: error.description) }
        }
        for notifier in notifiers {
            outcomes.append(await dispatch(notifier, alerts: alerts))
        }
        return outcomes
    }

    func dispatch(_ notifier: GovwatchConfiguration.Notifier, alerts: [Alert]) async -> Outcome {
        var outcome = Outcome(notifier: notifier.name)
        let record: NotifierLedger.Record
        do { record = try await ledger.record(notifier.name) } catch {
            outcome.error = error.description
            return outcome
        }
        let current = now()
        // A notifier added later was registered with the spool's backlog as done.
        let pending = alerts.filter { !record.delivered.contains($0.id) && matches($0, notifier) }
        outcome.pending = pending.count
        guard !pending.isEmpty else { return outcome }
        if let next = record.nextAttemptAt, next > current {
            outcome.error = record.lastError
            return outcome
        }
        var remaining = pending[...]
        while !remaining.isEmpty {
            let tokens = takeTokens(notifier, at: now())
            guard tokens > 0 else { break }  // rate limit: the rest waits for the next pass
            let batchSize = max(1, Int((Double(remaining.count) / Double(tokens)).rounded(.up)))
            let batch = Array(remaining.prefix(min(batchSize, 50)))
            consumeToken(notifier)
            do {
                try await send(batch, notifier: notifier)
            } catch {
                let failures = record.failures + 1
                let wait = min(backoffBase * Double(1 << min(failures - 1, 16)), backoffCap)
                let message = "\(error)"
                try? await ledger.markFailed(notifier.name, error: message, retryAt: now() + wait)
                logger.warning(
                    "notification failed; will retry",
                    metadata: [
                        "notifier": "\(notifier.name)", "error": "\(message)",
                        "retryIn": "\(DurationText.format(wait))",
                    ])
                outcome.error = message
                return outcome
            }
            CrashPoint.hit("after-notify-send")
            try? await ledger.markNotified(notifier.name, alertIDs: batch.map(\.id), at: now())
            outcome.sentMessages += 1
            outcome.deliveredAlerts += batch.count
            remaining = remaining.dropFirst(batch.count)
        }
        outcome.pending = remaining.count
        return outcome
    }

    func matches(_ alert: Alert, _ notifier: GovwatchConfiguration.Notifier) -> Bool {
        if !notifier.sources.isEmpty && !notifier.sources.contains(alert.source) { return false }
        if !notifier.kinds.isEmpty && !notifier.kinds.contains(alert.kind.rawValue) { return false }
        if !notifier.units.isEmpty {
            let units = notifier.units.map(ComparableText.fold)
            return alert.changes.contains { change in
                change.leadUnits.contains { unit in units.contains { ComparableText.fold(unit).contains($0) } }
            }
        }
        return true
    }

    func send(_ batch: [Alert], notifier: GovwatchConfiguration.Notifier) async throws {
        let request: RobotMessages.Request
        switch notifier.type {
        case .mail:
            let message = MailMessage.render(batch, notifier: notifier, now: now())
            if let url = notifier.smtpURL {
                do {
                    try await CurlSMTP.send(
                        CurlSMTP.Message(
                            url: url, from: notifier.from, recipients: notifier.to, username: notifier.smtpUser,
                            password: notifier.smtpPassword,
                            requireTLS: notifier.smtpStartTLS && url.hasPrefix("smtp://"),
                            data: Array(message.utf8)))
                } catch {
                    throw NotifyError(
                        message: "\(error.code.phrase(status: error.status)) at \(Self.host(url)): \(error.message)")
                }
            } else {
                try await MailMessage.send(message, program: notifier.sendmail)
            }
            return
        case .webhook: request = RobotMessages.webhook(batch, notifier: notifier)
        case .wecom: request = RobotMessages.wecom(batch, notifier: notifier)
        case .dingtalk: request = RobotMessages.dingtalk(batch, notifier: notifier, now: now())
        case .feishu: request = RobotMessages.feishu(batch, notifier: notifier, now: now())
        }
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(
                FetchRequest(
                    url: request.url, method: .post(body: request.body, contentType: "application/json; charset=utf-8"),
                    headers: request.headers, conditional: false))
        } catch {
            // Robot URLs carry their key: name the host, never the URL.
            throw NotifyError(
                message: "\(error.code.phrase(status: error.status)) at \(Self.host(request.url))")
        }
        let (ok, reason) = RobotMessages.accepted(notifier.type, status: response.status, body: response.body)
        if !ok { throw NotifyError(message: "\(reason ?? "rejected") at \(Self.host(request.url))") }
    }

    static func host(_ url: String) -> String { CurlURL.hostKey(of: url) ?? "the endpoint" }

    struct NotifyError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    // MARK: Rate limit

    func takeTokens(_ notifier: GovwatchConfiguration.Notifier, at time: Timestamp) -> Int {
        let capacity = Double(notifier.ratePerMinute)
        return buckets.withLock { buckets in
            var bucket = buckets[notifier.name] ?? (capacity, time)
            let elapsed = max(0, time.epochSeconds - bucket.at.epochSeconds)
            bucket.tokens = min(capacity, bucket.tokens + elapsed * capacity / 60)
            bucket.at = time
            buckets[notifier.name] = bucket
            return Int(bucket.tokens.rounded(.down))
        }
    }

    func consumeToken(_ notifier: GovwatchConfiguration.Notifier) {
        buckets.withLock { buckets in
            if var bucket = buckets[notifier.name] {
                bucket.tokens -= 1
                buckets[notifier.name] = bucket
            }
        }
    }

    // MARK: Spool

    /// Alerts in `new/` and `cur/`, oldest first.
    ///
    /// The daemon calls this every few seconds; a spool file never changes
    /// once written, so each is decoded once and remembered by its id.
    func spoolAlerts() -> [Alert] {
        let files = (try? spool.heldFiles()) ?? []
        let held = Set(files.map(\.id))
        let known = decoded.withLock { cache in
            cache = cache.filter { held.contains($0.key) }  // files consumers deleted
            return cache
        }
        var fresh: [String: Alert] = [:]
        for file in files where known[file.id] == nil {
            if let bytes = spool.contents(of: file),
                let alert = try? JSONDecoder().decode(Alert.self, from: Data(bytes))
            {
                fresh[file.id] = alert
            }
        }
        let all = decoded.withLock { cache in
            cache.merge(fresh) { old, _ in old }
            return cache
        }
        return files.compactMap { all[$0.id] }
    }
}
