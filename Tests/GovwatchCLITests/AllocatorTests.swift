import Testing

/// The executable allocates through jemalloc with the options compiled into
/// CGovwatchAllocator (see Package.swift): a build that lost either would
/// still pass every other test, only slower or bigger.
@Suite("govwatch's allocator")
struct AllocatorTests {
    @Test func jemallocAppliesTheCompiledInOptions() throws {
        // jemalloc prints its options at exit; the letters leave out all but them.
        let outcome = try GovwatchBinary.run(
            ["--help"],
            environment: [
                "MALLOC_CONF": "stats_print:true,stats_print_opts:mdablxeh"
            ])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.contains("jemalloc"))
        #expect(outcome.stderr.contains(#"opt.percpu_arena: "percpu""#))
        #expect(outcome.stderr.contains("opt.tcache_max: 1024"))
    }
}
