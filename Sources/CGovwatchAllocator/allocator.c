/* jemalloc reads this string at start-up (MALLOC_CONF in the environment
 * still overrides it). Measured on govwatch's loopback benchmark:
 *
 * percpu_arena:percpu  one arena per CPU instead of four: a mixed cycle's
 *                      peak resident set went from 65 to 58 MB, and the
 *                      daemon's heap, which crept from 16.5 to 17.7 MB
 *                      over 420 rounds, holds at 15 MB; the CPU is the
 *                      same (each thread allocates from its CPU's arena,
 *                      so the arenas are not contended as glibc's were
 *                      when capped).
 * tcache_max:1024      thread caches keep blocks up to 1 KB (not 32 KB):
 *                      the large blocks a cycle frees go back to the
 *                      arena instead of sitting idle in each thread.
 */
const char *malloc_conf = "percpu_arena:percpu,tcache_max:1024";
