#if canImport(Glibc)
    import Glibc
#endif

/// Returns free heap memory to the operating system.
///
/// The executables allocate through jemalloc (see Package.swift), whose
/// arenas are purged with `mallctl("arena.<all>.purge")`; a process that
/// does not link it stays on glibc's allocator and `malloc_trim`. Both are
/// looked up by name, so this module links against neither: jemalloc's
/// header is not needed, and Swift's Glibc module leaves out `<malloc.h>`.
/// With neither present this does nothing.
///
/// glibc's arena count was left at its default on purpose: capping it at the
/// core count saved 2–6 MB of resident memory at steady state, but made a
/// cold cycle (1,000 new pages) take 70% more CPU, the threads queueing on
/// the few arenas' locks.
enum HeapTrim {
    #if canImport(Glibc)
        private typealias MallocControl =
            @convention(c) (
                UnsafePointer<CChar>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?,
                Int
            ) -> Int32
        private typealias MallocTrim = @convention(c) (Int) -> Int32

        private enum Allocator {
            case jemalloc(MallocControl)
            case glibc(MallocTrim)
            case unknown
        }

        /// Which allocator `malloc` resolves to: jemalloc exports `mallctl`.
        private static let allocator: Allocator = {
            let everywhere = UnsafeMutableRawPointer(bitPattern: 0)
            if let symbol = dlsym(everywhere, "mallctl") {
                return .jemalloc(unsafeBitCast(symbol, to: MallocControl.self))
            }
            if let symbol = dlsym(everywhere, "malloc_trim") {
                return .glibc(unsafeBitCast(symbol, to: MallocTrim.self))
            }
            return .unknown
        }()
    #endif

    /// The name of the allocator in use, for the start-up log line.
    static var allocatorName: String {
        #if canImport(Glibc)
            switch allocator {
            case .jemalloc: return "jemalloc"
            case .glibc: return "glibc"
            case .unknown: return "unknown"
            }
        #else
            return "system"
        #endif
    }

    static func trim() {
        #if canImport(Glibc)
            switch allocator {
            case let .jemalloc(control):
                // 4096 is MALLCTL_ARENAS_ALL: every arena's unused dirty pages.
                _ = control("arena.4096.purge", nil, nil, nil, 0)
            case let .glibc(trim):
                _ = trim(0)
            case .unknown:
                break
            }
        #endif
    }
}
