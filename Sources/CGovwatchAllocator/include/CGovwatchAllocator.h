#ifndef CGOVWATCH_ALLOCATOR_H
#define CGOVWATCH_ALLOCATOR_H

/* Nothing to call: allocator.c defines jemalloc's `malloc_conf`, and linking
 * this target into an executable is what applies it. */

#endif
