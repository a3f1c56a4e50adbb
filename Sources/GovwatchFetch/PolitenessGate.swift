public import GovwatchCore
import Synchronization

/// Decides when a request may start: at most one transfer per host at a
/// time, a minimum delay between starts on one host, a global concurrency
/// limit, and per-host deferrals after failures (`Retry-After`, backoff).
///
/// Waiters queue in FIFO order per host and globally; a release wakes the
/// next waiter of that host and the next global waiter, which re-check.
public final class PolitenessGate: Sendable {
    struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Action, Never>
    }

    struct Host {
        var busy = false
        var nextStart: ContinuousClock.Instant
        var failures = 0
        /// Why `nextStart` is late: the server's Retry-After, or our backoff.
        var retryAfter = false
        var waiters: [Waiter] = []
    }

    enum Action: Sendable { case go, sleep(ContinuousClock.Instant), retry }

    struct State {
        var hosts: [String: Host] = [:]
        var running = 0
        var globalWaiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
    }

    private let state = Mutex(State())
    let concurrency: Int
    let perHostDelay: Duration
    let backoffBase: Duration
    let backoffCap: Duration
    let backoffJitter: Double
    let maxRetryAfter: Duration

    public init(configuration: FetchConfiguration) {
        concurrency = max(1, configuration.concurrency)
        perHostDelay = configuration.perHostDelay
        backoffBase = configuration.backoffBase
        backoffCap = configuration.backoffCap
        backoffJitter = configuration.backoffJitter
        maxRetryAfter = configuration.maxRetryAfter
    }

    /// Waits until a transfer to `host` may start and takes its slot.
    /// Every successful `acquire` must be paired with one `release`.
    public func acquire(host: String) async throws(CancellationError) {
        if tryAcquireNow(host: host) { return }  // the common case: no continuation needed
        while true {
            if Task.isCancelled { throw CancellationError() }
            let waiterID = state.withLock { state -> UInt64 in
                state.nextWaiterID += 1
                return state.nextWaiterID
            }
            // A cancelled waiter leaves the queue at once (shutdown must not
            // wait for a release that may never come).
            let action: Action = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    state.withLock { state in
                        let now = ContinuousClock.now
                        var entry = state.hosts[host] ?? Host(nextStart: now)
                        if Task.isCancelled {
                            continuation.resume(returning: .retry)
                        } else if entry.busy {
                            entry.waiters.append(Waiter(id: waiterID, continuation: continuation))
                            state.hosts[host] = entry
                        } else if state.running >= concurrency {
                            state.globalWaiters.append(Waiter(id: waiterID, continuation: continuation))
                        } else if entry.nextStart > now {
                            continuation.resume(returning: .sleep(entry.nextStart))
                        } else {
                            entry.busy = true
                            entry.nextStart = now + perHostDelay
                            state.hosts[host] = entry
                            state.running += 1
                            continuation.resume(returning: .go)
                        }
                    }
                }
            } onCancel: {
                let removed = state.withLock { state -> CheckedContinuation<Action, Never>? in
                    if let index = state.globalWaiters.firstIndex(where: { $0.id == waiterID }) {
                        return state.globalWaiters.remove(at: index).continuation
                    }
                    if var entry = state.hosts[host], let index = entry.waiters.firstIndex(where: { $0.id == waiterID })
                    {
                        let waiter = entry.waiters.remove(at: index)
                        state.hosts[host] = entry
                        return waiter.continuation
                    }
                    return nil
                }
                removed?.resume(returning: .retry)
            }
            switch action {
            case .go: return
            case .retry: continue
            case let .sleep(deadline):
                do { try await Task.sleep(until: deadline, clock: .continuous) } catch { throw CancellationError() }
            }
        }
    }

    /// Takes the host's slot when it is free right now.
    private func tryAcquireNow(host: String) -> Bool {
        state.withLock { state in
            let now = ContinuousClock.now
            var entry = state.hosts[host] ?? Host(nextStart: now)
            guard !entry.busy, state.running < concurrency, entry.nextStart <= now else { return false }
            entry.busy = true
            entry.nextStart = now + perHostDelay
            state.hosts[host] = entry
            state.running += 1
            return true
        }
    }

    /// What happened on a transfer, for the host's next start.
    public enum Outcome: Sendable {
        case success
        /// The server asked to wait this long (429/503 `Retry-After`).
        case deferred(Duration)
        /// Any other failure: back off exponentially with jitter.
        case failure
    }

    /// Frees the host's slot and records when it may be asked again.
    public func release(host: String, outcome: Outcome) {
        let woken: [Waiter] = state.withLock { state in
            let now = ContinuousClock.now
            var entry = state.hosts[host] ?? Host(nextStart: now)
            entry.busy = false
            switch outcome {
            case .success:
                entry.failures = 0
                entry.retryAfter = false
            case let .deferred(wait):
                entry.failures += 1
                entry.nextStart = max(entry.nextStart, now + min(wait, maxRetryAfter))
                entry.retryAfter = true
            case .failure:
                entry.failures += 1
                entry.nextStart = max(entry.nextStart, now + backoff(failures: entry.failures))
                entry.retryAfter = false
            }
            state.running -= 1
            var woken: [Waiter] = []
            if !entry.waiters.isEmpty { woken.append(entry.waiters.removeFirst()) }
            if !state.globalWaiters.isEmpty { woken.append(state.globalWaiters.removeFirst()) }
            // Keep idle hosts that still matter (a deferral or a failure count); drop the rest.
            if entry.waiters.isEmpty && entry.failures == 0 && entry.nextStart <= now {
                state.hosts[host] = nil
            } else {
                state.hosts[host] = entry
            }
            return woken
        }
        for waiter in woken { waiter.continuation.resume(returning: .retry) }
    }

    func backoff(failures: Int) -> Duration {
        let exponent = min(failures - 1, 20)
        var wait = backoffBase * Double(1 << exponent)
        if wait > backoffCap { wait = backoffCap }
        let jitter = 1 + Double.random(in: -backoffJitter...backoffJitter)
        return wait * jitter
    }
}

extension PolitenessGate {
    /// The hosts that are deferred or have failed, in wall-clock time.
    public func deferrals(wallNow: Timestamp) -> [HostDeferral] {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.hosts.compactMap { host, entry in
                guard entry.nextStart > now || entry.failures > 0 else { return nil }
                let wait = entry.nextStart > now ? entry.nextStart - now : .zero
                return HostDeferral(
                    host: host, notBefore: wallNow + wait, failures: entry.failures, retryAfter: entry.retryAfter)
            }.sorted { $0.host < $1.host }
        }
    }

    /// Takes deferrals a previous process left (their wall-clock times
    /// become monotonic ones here); a host this process already knows keeps
    /// the later of the two.
    public func restore(_ deferrals: [HostDeferral], wallNow: Timestamp) {
        let now = ContinuousClock.now
        state.withLock { state in
            for deferral in deferrals {
                let wait = deferral.notBefore - wallNow
                var entry = state.hosts[deferral.host] ?? Host(nextStart: now)
                entry.nextStart = max(entry.nextStart, wait > .zero ? now + min(wait, maxRetryAfter) : now)
                entry.failures = max(entry.failures, deferral.failures)
                entry.retryAfter = entry.retryAfter || deferral.retryAfter
                state.hosts[deferral.host] = entry
            }
        }
    }
}
