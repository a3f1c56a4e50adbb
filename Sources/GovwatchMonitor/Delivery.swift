import Foundation
public import GovwatchCore
public import GovwatchFiles
public import GovwatchSpool
public import GovwatchStore
public import Logging
import Synchronization

/// Moves committed alerts from the outbox to the spool and the alert log.
///
/// Idempotent at every step: the spool skips ids it already holds, the log
/// skips ids already in its tail, and the outbox remembers what was done. So
/// whatever moment a crash interrupts, the next delivery completes the job
/// and no alert appears twice.
public struct Delivery: Sendable {
    public let store: GovwatchStore
    public let spool: MaildirSpool
    public let log: AlertLog
    public let clock: WallClock
    /// The test hook that ends the process between spooling and marking.
    let crash: CrashPoint
    /// The lock file that orders delivering processes (`state_dir/delivery.lock`).
    public let lockPath: String
    let logger: Logger
    /// Whether this process already removed leftovers from `tmp/` (once, under the lock).
    let cleanedTemporary = OnceFlag()

    /// What reviewers read (the feed, the site) is not written here: the
    /// caller hands the outcome to the publisher (GovwatchPublish).
    public init(
        store: GovwatchStore, spool: MaildirSpool, log: AlertLog, lockPath: String, clock: WallClock = .system,
        crash: CrashPoint = .none, logger: Logger
    ) {
        self.store = store
        self.spool = spool
        self.log = log
        self.lockPath = lockPath
        self.clock = clock
        self.crash = crash
        self.logger = logger
    }

    public struct Outcome: Sendable {
        public var delivered: [String] = []
        /// Why delivery stopped early (spool full, unwritable); alerts wait in the outbox.
        public var blocked: String?

        public init(delivered: [String] = [], blocked: String? = nil) {
            self.delivered = delivered
            self.blocked = blocked
        }
    }

    /// Delivers every pending alert in order; stops at the first failure,
    /// leaving the rest in the outbox for the next attempt (alerts already
    /// spooled before it are still logged).
    ///
    /// One delivery at a time: concurrent cycles (and a `govwatch once` next
    /// to the daemon) would otherwise both see an alert as undelivered and
    /// write it twice. An in-process async lock orders this process's
    /// callers; a flock on `state_dir/delivery.lock` orders processes.
    public func deliverPending() async -> Outcome {
        await DeliveryLock.shared.withLock {
            let fileLock: FileLock
            do { fileLock = try FileLock(path: lockPath) } catch {
                return Outcome(delivered: [], blocked: "cannot lock \(lockPath): \(error)")
            }
            defer { withExtendedLifetime(fileLock) {} }
            if cleanedTemporary.setFirstTime() { spool.cleanTemporary() }
            return await deliverLocked()
        }
    }

    func deliverLocked() async -> Outcome {
        var outcome = Outcome()
        let pending: [OutboxAlert]
        do { pending = try await store.pendingAlerts() } catch {
            outcome.blocked = error.description
            return outcome
        }
        // The spool first, then the log, each as one batch: one directory
        // scan and fsync, one log append and fsync, one transaction to
        // record each. An alert counts as delivered once it is in both.
        let unspooled = pending.filter { $0.spooledAt == nil }
        let batch = spool.deliver(
            unspooled.map {
                MaildirSpool.Alert(id: $0.id, epochSeconds: Int($0.createdAt.epochSeconds), json: $0.payload + [0x0A])
            })
        var ready = pending
        if let error = batch.error {
            block(&outcome, error, alert: unspooled[batch.stored].id)
            let stuck = Set(unspooled[batch.stored...].map(\.id))
            ready = Array(pending.prefix { !stuck.contains($0.id) })
        }
        do {
            if batch.stored > 0 {
                crash.hit("after-spool")
                try await store.markSpooled(unspooled.prefix(batch.stored).map(\.id), at: clock.now())
            }
            outcome.delivered = ready.filter { $0.loggedAt != nil }.map(\.id)
            for lines in AlertLog.batches(ready.filter { $0.loggedAt == nil }, size: \.payload.count) {
                try log.append(lines.map { ($0.id, $0.payload) })
                try await store.markLogged(lines.map(\.id), at: clock.now())
                outcome.delivered += lines.map(\.id)
            }
        } catch {
            block(&outcome, error, alert: nil)
        }
        return outcome
    }

    /// Records why delivery stopped; the alerts wait in the outbox.
    private func block(_ outcome: inout Outcome, _ error: any Error, alert: String?) {
        let reason: String
        if let error = error as? SystemCallError {
            reason =
                error.isNoSpace
                ? "spool or log is full (\(error)); alerts wait in the outbox" : "\(error); alerts wait in the outbox"
        } else {
            reason = "\(error)"
        }
        logger.error("alert delivery blocked", metadata: ["reason": "\(reason)", "alert": "\(alert ?? "")"])
        outcome.blocked = reason
    }
}

/// An async mutual-exclusion lock: waiters queue in order and suspend
/// (never block a thread) until the holder finishes.
final class DeliveryLock: Sendable {
    static let shared = DeliveryLock()
    private let state = Mutex<(held: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func withLock<T: Sendable>(_ body: () async -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { state -> Bool in
                if state.held {
                    state.waiters.append(continuation)
                    return false
                }
                state.held = true
                return true
            }
            if acquired { continuation.resume() }
        }
        let result = await body()
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.held = false
                return nil
            }
            return state.waiters.removeFirst()  // ownership passes straight to the next waiter
        }
        next?.resume()
        return result
    }
}

/// True exactly once, for the first caller.
final class OnceFlag: Sendable {
    private let done = Mutex(false)
    func setFirstTime() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
}
