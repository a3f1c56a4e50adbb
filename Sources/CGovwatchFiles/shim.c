#define _GNU_SOURCE
#include <unistd.h>

#include "CGovwatchFiles.h"

int cgovwatch_syncfs(int fd) { return syncfs(fd); }
