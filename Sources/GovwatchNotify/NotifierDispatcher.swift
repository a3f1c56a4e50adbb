import Foundation
public import GovwatchConfig
public import GovwatchCore
public import GovwatchFetch
public import GovwatchFiles
public import GovwatchSpool
import GovwatchStore
public import Logging
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
    /// Each notifier's rate limit, by name.
    private let buckets = Mutex<[String: TokenBucket]>([:])
    public let backoffBase: Duration
    public let backoffCap: Duration = .seconds(600)
    /// The test hook that ends the process between sending and recording.
    let crash: CrashPoint

    public init(
        notifiers: [GovwatchConfiguration.Notifier], ledger: NotifierLedger, spool: MaildirSpool, fetcher: Fetcher,
        now: @escaping @Sendable () -> Timestamp, logger: Logger, backoffBase: Duration = .seconds(10),
        crash: CrashPoint = .none
    ) {
        self.crash = crash
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
        let policy = policy(notifier)
        let record: NotifierLedger.Record
        do { record = try await ledger.record(notifier.name) } catch {
            outcome.error = error.description
            return outcome
        }
        let current = now()
        // A notifier added later was registered with the spool's backlog as done.
        let pending = alerts.filter { !record.delivered.contains($0.id) && policy.matches($0) }
        outcome.pending = pending.count
        guard !pending.isEmpty else { return outcome }
        if let next = record.nextAttemptAt, next > current {
            outcome.error = record.lastError
            return outcome
        }
        var remaining = pending[...]
        while !remaining.isEmpty {
            let batchSize = takeToken(policy, at: now(), pending: remaining.count)
            guard batchSize > 0 else { break }  // rate limit: the rest waits for the next pass
            let batch = Array(remaining.prefix(batchSize))
            do {
                try await send(batch, notifier: notifier)
            } catch {
                let wait = policy.backoff(failures: record.failures + 1)
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
            crash.hit("after-notify-send")
            try? await ledger.markNotified(notifier.name, alertIDs: batch.map(\.id), at: now())
            outcome.sentMessages += 1
            outcome.deliveredAlerts += batch.count
            remaining = remaining.dropFirst(batch.count)
        }
        outcome.pending = remaining.count
        return outcome
    }

    func policy(_ notifier: GovwatchConfiguration.Notifier) -> NotifierPolicy {
        NotifierPolicy(notifier: notifier, backoffBase: backoffBase, backoffCap: backoffCap)
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

    /// The size of the next message's batch, its token taken; 0 when the
    /// notifier must wait for its bucket to refill.
    func takeToken(_ policy: NotifierPolicy, at time: Timestamp, pending: Int) -> Int {
        buckets.withLock { buckets in
            var bucket = buckets[policy.notifier.name] ?? policy.bucket(at: time)
            let size = NotifierPolicy.batchSize(pending: pending, tokens: bucket.available(at: time))
            if size > 0 { bucket.take() }
            buckets[policy.notifier.name] = bucket
            return size
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
