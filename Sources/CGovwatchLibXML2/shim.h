#ifndef CGOVWATCH_LIBXML2_SHIM_H
#define CGOVWATCH_LIBXML2_SHIM_H

/* Debian builds libxml2 with ICU, so encoding.h pulls in ICU's headers.
 * Swift's Foundation carries its own ICU (_FoundationICU) with a different
 * UErrorCode, and clang refuses both in one build. govwatch never touches
 * libxml2's ICU-dependent struct fields (it decodes charsets itself and
 * hands libxml2 UTF-8), so the ICU declarations are left out here. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

// `xmlFree` is a global function pointer variable, which Swift 6 treats as
// shared mutable state; calling it through a function keeps callers clean.
static inline void cgovwatch_xml_free(void *pointer) {
    xmlFree(pointer);
}

// Silences libxml2's default generic error handler (a variadic printf to
// stderr) for the calling thread; parse options already suppress most reports.
static void cgovwatch_xml_silent_error(void *ctx, const char *msg, ...) {
    (void)ctx; (void)msg;
}

static inline void cgovwatch_xml_silence_errors(void) {
    xmlSetGenericErrorFunc(NULL, cgovwatch_xml_silent_error);
}

#endif
