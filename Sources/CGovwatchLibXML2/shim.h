#ifndef CGOVWATCH_LIBXML2_SHIM_H
#define CGOVWATCH_LIBXML2_SHIM_H

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
