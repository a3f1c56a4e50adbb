#ifndef CGOVWATCH_ZIP_SHIM_H
#define CGOVWATCH_ZIP_SHIM_H

#include <zip.h>

/* Opens the zip archive held in `bytes` (not copied: the caller keeps them
 * alive until zip_discard). NULL when they are not a readable archive, with
 * libzip's error code in *error. */
static inline zip_t *cgovwatch_zip_open_memory(const void *bytes, size_t size, int *error) {
    zip_error_t failure;
    zip_error_init(&failure);
    zip_source_t *source = zip_source_buffer_create(bytes, size, 0, &failure);
    if (source == NULL) {
        *error = zip_error_code_zip(&failure);
        zip_error_fini(&failure);
        return NULL;
    }
    zip_t *archive = zip_open_from_source(source, ZIP_RDONLY, &failure);
    if (archive == NULL) {
        *error = zip_error_code_zip(&failure);
        zip_source_free(source);
    }
    zip_error_fini(&failure);
    return archive;
}

/* The name of entry `index` (NULL when there is none). */
static inline const char *cgovwatch_zip_name(zip_t *archive, long long index) {
    return zip_get_name(archive, (zip_uint64_t)index, ZIP_FL_ENC_GUESS);
}

#endif
