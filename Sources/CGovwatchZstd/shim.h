#ifndef CGOVWATCH_ZSTD_SHIM_H
#define CGOVWATCH_ZSTD_SHIM_H

#include <zstd.h>

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

#endif
