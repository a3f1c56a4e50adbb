internal import CGovwatchCurl
public import GovwatchCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs libcurl transfers on one dedicated thread with the multi interface.
///
/// Blocking libcurl calls never run on Swift's cooperative pool: callers
/// `await` ``perform(_:extraHeaders:configuration:)``, which hands the request
/// to the engine thread and suspends until libcurl finishes it. The thread
/// sleeps in `curl_multi_poll` and is woken by `curl_multi_wakeup` when work
/// arrives. Connections are reused across transfers through the multi handle.
///
/// The thread is also a task executor (``executor``). Each hand-off between
/// a pool thread and this one costs a thread wake-up, several times what
/// libcurl spends on a 304; a batch of fetches run under
/// `withTaskExecutorPreference(engine.executor)` submits and completes on
/// this thread with no hand-off at all. Such code must not block, and
/// should move CPU-heavy work (parsing) back to the global pool.
public final class CurlMultiEngine: Sendable {
    private let shared: EngineShared

    /// Runs Swift jobs on the engine thread, between libcurl's steps.
    public var executor: any TaskExecutor { shared.executor }

    /// A process-wide engine. Each engine keeps its thread for the life of
    /// the process (a task may still hold its executor), so make few.
    public static let shared = CurlMultiEngine()

    public init() {
        _ = CurlGlobal.initialized
        shared = EngineShared()
        // A plain POSIX thread: it belongs to libcurl, not to the Swift pool.
        let loop = Unmanaged.passRetained(EngineLoop(shared: shared))
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { context in
                let loop = Unmanaged<EngineLoop>.fromOpaque(context!).takeRetainedValue()
                loop.run()
                return nil
            }, loop.toOpaque())
        precondition(result == 0, "could not start the libcurl thread: error \(result)")
        pthread_detach(thread)
    }

    deinit {
        // The thread stops its transfers but stays to run jobs: a task may
        // still prefer this executor, which it holds unowned.
        shared.inbox.withLock { $0.stopping = true }
        curl_multi_wakeup(shared.multi)
    }

    /// Performs one transfer and returns whatever the server answered (any
    /// status); transport failures throw a typed ``FetchError``.
    public func perform(
        _ request: FetchRequest, extraHeaders: [String] = [], configuration: FetchConfiguration
    ) async throws(FetchError) -> FetchResponse {
        let shared = self.shared
        if Task.isCancelled { throw FetchError(.cancelled, url: request.url, message: "cancelled before start") }
        let id = shared.inbox.withLock { inbox -> UInt64 in
            defer { inbox.nextID += 1 }
            return inbox.nextID
        }
        let result: Result<FetchResponse, FetchError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let submission = CurlTransferSubmission(
                    id: id, request: request, extraHeaders: extraHeaders, configuration: configuration,
                    completion: { continuation.resume(returning: $0) }
                )
                // Checked under the inbox lock that onCancel also takes, so a
                // cancellation is either seen here or finds the submission queued.
                let (queued, sleeping) = shared.inbox.withLock { inbox -> (Bool, Bool) in
                    if Task.isCancelled { return (false, false) }
                    inbox.submitted.append(submission)
                    return (true, inbox.sleeping)
                }
                if !queued {
                    submission.completion(.failure(FetchError(.cancelled, url: request.url, message: "cancelled")))
                    return
                }
                // The engine checks its inbox before every poll; wake it only
                // when it may be asleep in one (saves a syscall per request).
                shared.wake(ifSleeping: sleeping)
            }
        } onCancel: {
            let unqueued = shared.inbox.withLock { inbox -> CurlTransferSubmission? in
                if let index = inbox.submitted.firstIndex(where: { $0.id == id }) {
                    return inbox.submitted.remove(at: index)
                }
                inbox.cancelled.insert(id)
                return nil
            }
            if let unqueued {
                unqueued.completion(.failure(FetchError(.cancelled, url: unqueued.request.url, message: "cancelled")))
            } else {
                curl_multi_wakeup(shared.multi)
            }
        }
        return try result.get()
    }
}

/// State shared between callers and the engine thread: the inbox (under a
/// mutex) and the CURLM handle. Callers only ever call `curl_multi_wakeup`
/// on it, which libcurl documents as safe from any thread.
final class EngineShared: @unchecked Sendable {
    struct Inbox {
        /// Swift jobs enqueued on ``EngineExecutor``.
        var jobs: [UnownedJob] = []
        var submitted: [CurlTransferSubmission] = []
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 1
        var stopping = false
        /// True from the engine's last inbox check until it wakes from `curl_multi_poll`.
        var sleeping = false
    }

    let inbox = Mutex(Inbox())
    let multi: UnsafeMutableRawPointer
    /// Set once in `init`; lives as long as this object, which the engine
    /// thread keeps for good (tasks hold the executor unowned).
    private(set) var executor: EngineExecutor!

    init() {
        multi = curl_multi_init()
        _ = cgovwatch_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 4)
        executor = EngineExecutor(shared: self)
    }

    /// Wakes the engine thread if it may be asleep in `curl_multi_poll`.
    func wake(ifSleeping sleeping: Bool) {
        if sleeping { curl_multi_wakeup(multi) }
    }
}

/// The engine thread as a task executor: jobs wait in the inbox and run
/// between libcurl's steps. Jobs enqueued from the engine thread itself
/// (a continuation resumed by a completion) need no wake-up.
final class EngineExecutor: TaskExecutor, @unchecked Sendable {
    unowned let shared: EngineShared

    init(shared: EngineShared) { self.shared = shared }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let sleeping = shared.inbox.withLock { inbox -> Bool in
            inbox.jobs.append(job)
            return inbox.sleeping
        }
        shared.wake(ifSleeping: sleeping)
    }
}

struct CurlTransferSubmission: Sendable {
    let id: UInt64
    let request: FetchRequest
    let extraHeaders: [String]
    let configuration: FetchConfiguration
    let completion: @Sendable (Result<FetchResponse, FetchError>) -> Void

    func fail(_ code: FetchError.Code, _ message: String) {
        completion(.failure(FetchError(code, url: request.url, message: message)))
    }
}

/// The engine thread's loop. Everything it owns is touched only on that thread.
final class EngineLoop: @unchecked Sendable {
    let shared: EngineShared
    var running: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    /// Reset easy handles of finished transfers, for the next ones.
    var spareHandles: [UnsafeMutableRawPointer] = []
    static let maxSpareHandles = 64

    init(shared: EngineShared) { self.shared = shared }

    /// The engine thread's loop: jobs, new and cancelled transfers, one
    /// `curl_multi_perform`, finished transfers, then a poll until woken.
    func run() {
        let executor = shared.executor!.asUnownedTaskExecutor()
        var stopped = false
        while true {
            runJobs(on: executor)  // first: they are what submits transfers
            let (submitted, cancelled, stopping) = shared.inbox.withLock { inbox in
                defer {
                    inbox.submitted.removeAll()
                    inbox.cancelled.removeAll()
                }
                return (inbox.submitted, inbox.cancelled, inbox.stopping)
            }
            if stopping {
                if !stopped {
                    failRunning(message: "engine stopped")
                    stopped = true
                }
                for submission in submitted { submission.fail(.cancelled, "engine stopped") }
                pollWhenIdle(stopping: true)
                continue
            }
            start(submitted, cancelled: cancelled)
            cancel(cancelled)
            performAndComplete()
            pollWhenIdle(stopping: false)
        }
    }

    func runJobs(on executor: UnownedTaskExecutor) {
        let jobs = shared.inbox.withLock { inbox in
            defer {
                inbox.jobs.removeAll(keepingCapacity: true)
                inbox.sleeping = false
            }
            return inbox.jobs
        }
        for job in jobs { job.runSynchronously(on: executor) }
    }

    func failRunning(message: String) {
        for transfer in running.values {
            curl_multi_remove_handle(shared.multi, transfer.handle)
            transfer.completion(.failure(FetchError(.cancelled, url: transfer.request.url, message: message)))
        }
        running.removeAll()
    }

    /// Adds submitted transfers to the multi handle (cancelled ones end at once).
    func start(_ submitted: [CurlTransferSubmission], cancelled: Set<UInt64>) {
        for submission in submitted {
            guard
                let transfer = CurlTransfer(
                    id: submission.id, request: submission.request, extraHeaders: submission.extraHeaders,
                    configuration: submission.configuration, reusing: spareHandles.popLast(),
                    completion: submission.completion
                )
            else {
                submission.fail(.other, "curl_easy_init failed")
                continue
            }
            if cancelled.contains(submission.id) {
                transfer.completion(.failure(FetchError(.cancelled, url: transfer.request.url, message: "cancelled")))
                continue
            }
            running[transfer.handle] = transfer
            curl_multi_add_handle(shared.multi, transfer.handle)
        }
    }

    func cancel(_ cancelled: Set<UInt64>) {
        guard !cancelled.isEmpty else { return }
        for (handle, transfer) in running where cancelled.contains(transfer.id) {
            curl_multi_remove_handle(shared.multi, handle)
            running[handle] = nil
            transfer.completion(.failure(FetchError(.cancelled, url: transfer.request.url, message: "cancelled")))
        }
    }

    /// Moves every transfer along, and completes the finished ones (their
    /// handles are reset and kept for the next transfers).
    func performAndComplete() {
        var stillRunning: Int32 = 0
        curl_multi_perform(shared.multi, &stillRunning)
        var left: Int32 = 0
        while let message = curl_multi_info_read(shared.multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                let transfer = running.removeValue(forKey: handle)
            else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(shared.multi, handle)
            transfer.completion(transfer.outcome(code))
            if spareHandles.count < Self.maxSpareHandles { spareHandles.append(transfer.recycle()) }
        }
    }

    /// Announces the poll, then re-checks the inbox under the same lock:
    /// work submitted after this point wakes the poll.
    func pollWhenIdle(stopping: Bool) {
        let idle = shared.inbox.withLock { inbox -> Bool in
            inbox.sleeping = true
            let empty = inbox.jobs.isEmpty && inbox.submitted.isEmpty
            return stopping ? empty : empty && inbox.cancelled.isEmpty && !inbox.stopping
        }
        guard idle else { return }
        var ready: Int32 = 0
        let timeout: Int32 = stopping ? 60_000 : (running.isEmpty ? 5000 : 1000)
        curl_multi_poll(shared.multi, nil, 0, timeout, &ready)
    }
}
