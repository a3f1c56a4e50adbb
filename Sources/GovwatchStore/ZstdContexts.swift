import CGovwatchZstd
import Synchronization

/// zstd contexts kept for the next frame instead of made for each.
///
/// A context owns its work space: a compression context at level 3 about
/// a megabyte of tables, a decompression context its window. Made and
/// freed per frame (as `ZSTD_compress` and `ZSTD_decompress` do inside),
/// that space was allocated and faulted in again for every snapshot a
/// cold cycle wrote and every heading the publication calendar read
/// (`ZSTD_createDCtx` alone was 1.5% of a warm `once`). A few idle ones
/// per kind are kept, one per thread at most in use at a time; a context
/// is reset (session, parameters and dictionary) before it goes back, so
/// the next frame starts clean whatever the last one left. No C pointer
/// leaves this type and its callers' closures.
enum ZstdContexts {
    /// An idle context. `@unchecked Sendable`: it is used by one caller at
    /// a time, between taking it from the pool and putting it back.
    private struct Idle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    /// Idle contexts kept per kind: the cycle's CPU work runs on the
    /// cooperative pool, a thread per core; a caller beyond them makes a
    /// context of its own, freed after its frame. Each kept one holds its
    /// work space (a compression context at level 3 about a megabyte, a
    /// decompression context the window of the last frame it streamed), a
    /// few megabytes of resident memory for the life of the process.
    private static let kept = 2
    private static let idleCompressors = Mutex<[Idle]>([])
    private static let idleDecompressors = Mutex<[Idle]>([])

    /// Runs `body` with a compression context of the pool (a new one
    /// when none is idle); nil when zstd cannot make one.
    static func compressing<Result>(_ body: (OpaquePointer) -> Result) -> Result? {
        withContext(
            idleCompressors, make: { ZSTD_createCCtx() },
            reset: { _ = ZSTD_CCtx_reset($0, ZSTD_reset_session_and_parameters) }, free: { _ = ZSTD_freeCCtx($0) },
            body)
    }

    /// Runs `body` with a decompression context of the pool (a new one
    /// when none is idle); nil when zstd cannot make one.
    static func decompressing<Result>(_ body: (OpaquePointer) -> Result) -> Result? {
        withContext(
            idleDecompressors, make: { ZSTD_createDCtx() },
            reset: { _ = ZSTD_DCtx_reset($0, ZSTD_reset_session_and_parameters) }, free: { _ = ZSTD_freeDCtx($0) },
            body)
    }

    private static func withContext<Result>(
        _ pool: borrowing Mutex<[Idle]>, make: () -> OpaquePointer?, reset: (OpaquePointer) -> Void,
        free: (OpaquePointer) -> Void, _ body: (OpaquePointer) -> Result
    ) -> Result? {
        let idle = pool.withLock { $0.popLast() }
        guard let context = idle?.pointer ?? make() else { return nil }
        defer {
            reset(context)
            let surplus = pool.withLock { idle in
                guard idle.count < kept else { return true }
                idle.append(Idle(pointer: context))
                return false
            }
            if surplus { free(context) }
        }
        return body(context)
    }
}
