#ifndef CGOVWATCH_ZSTD_SHIM_H
#define CGOVWATCH_ZSTD_SHIM_H

#include <zstd.h>
#include <zdict.h>

/* The frame's decompressed size, or -1 when the frame does not say or is
 * not a zstd frame (ZSTD_CONTENTSIZE_* are unsigned sentinels that Swift
 * would see as huge sizes). */
static inline long long cgovwatch_zstd_content_size(const void *src, size_t size) {
    unsigned long long n = ZSTD_getFrameContentSize(src, size);
    if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN || n > (unsigned long long)0x7fffffffffffLL) {
        return -1;
    }
    return (long long)n;
}

/* Trains a dictionary of at most `capacity` bytes into `dictionary` from
 * `count` samples laid end to end in `samples`, their sizes in `sizes`.
 * Returns the dictionary's size, or -1 when zstd cannot train one (too
 * few or too uniform samples): ZDICT's errors are size_t sentinels. */
static inline long long cgovwatch_zstd_train(void *dictionary, size_t capacity, const void *samples,
                                             const size_t *sizes, unsigned count) {
    size_t n = ZDICT_trainFromBuffer(dictionary, capacity, samples, sizes, count);
    return ZDICT_isError(n) ? -1 : (long long)n;
}

#endif
