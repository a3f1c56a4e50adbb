#ifndef CGOVWATCH_XLSXWRITER_SHIM_H
#define CGOVWATCH_XLSXWRITER_SHIM_H

#include <xlsxwriter.h>

/* A workbook that keeps at most one row in memory and puts its temporary
 * files in `tmpdir` (the folder the workbook is written to, so a read-only
 * /tmp under systemd's hardening does not matter). The options struct is
 * copied by libxlsxwriter, so it can live on this stack. */
static inline lxw_workbook *cgovwatch_xlsx_new(const char *filename, char *tmpdir) {
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = tmpdir};
    return workbook_new_opt(filename, &options);
}

#endif
