#ifndef CGOVWATCH_FILES_H
#define CGOVWATCH_FILES_H

/// Linux calls that glibc declares only under _GNU_SOURCE, which Swift's
/// Glibc module does not define. Prefixed; nothing else.

/// syncfs(2): flush every file of the file system that holds `fd`.
int cgovwatch_syncfs(int fd);

#endif
