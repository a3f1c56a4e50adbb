#if canImport(Glibc)
import Glibc
#endif

/// Tuning of glibc's allocator for a long-running daemon.
///
/// Swift's Glibc module leaves out `<malloc.h>`, so its functions are looked
/// up once by name; on a libc without them these do nothing.
public enum GlibcHeap {
    #if canImport(Glibc)
    private typealias Trim = @convention(c) (Int) -> Int32
    private typealias Option = @convention(c) (Int32, Int32) -> Int32
    private static let trimFunction: Trim? = function("malloc_trim")
    private static let optionFunction: Option? = function("mallopt")
    /// `M_ARENA_MAX` in `<malloc.h>`.
    private static let arenaMax: Int32 = -8

    private static func function<F>(_ name: String) -> F? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: F.self)
    }
    #endif

    /// Returns free heap memory to the operating system (`malloc_trim`).
    public static func trim() {
        #if canImport(Glibc)
        _ = trimFunction?(0)
        #endif
    }

    /// Processors online (at least 1).
    public static var onlineCores: Int {
        #if canImport(Glibc)
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }

    /// Caps the number of malloc arenas (`mallopt(M_ARENA_MAX)`); true when
    /// the allocator took it.
    ///
    /// glibc gives threads up to 8 arenas per core, each keeping its own
    /// free pages. The daemon's allocation happens on the cooperative pool
    /// (one thread per core), so more arenas only spread the same heap thin:
    /// with 1,000 sources on 2 cores, capping at the core count measured
    /// 3–6 MB less resident memory at the same cycle rate. Arenas made
    /// before the cap stay, so call this first thing in the process.
    @discardableResult
    public static func limitArenas(to count: Int) -> Bool {
        #if canImport(Glibc)
        return optionFunction?(arenaMax, Int32(clamping: max(1, count))) == 1
        #else
        return false
        #endif
    }
}
