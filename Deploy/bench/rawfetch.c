/* rawfetch: the libcurl floor for govwatch's fetch benchmark.
 *
 * Fetches every URL of a file (one per line) with libcurl's multi interface,
 * at most CONCURRENCY transfers at once and one per host, twice: the first
 * pass remembers each ETag, the second sends If-None-Match (so a server with
 * ETags answers 304). Prints one line per pass: wall seconds, CPU seconds,
 * responses by status. No parsing, no storage: what libcurl itself costs.
 *
 * With `as-govwatch`, each request is the one govwatch sends (CurlEasy.swift,
 * FetchConfiguration's defaults): its options (protocols, redirects, HTTP/2
 * over TLS, timeouts, low-speed abort, size cap, TLS checks, error buffer),
 * its User-Agent and Accept-Language, a Referer on article pages (the file's
 * first URL, a column page, as an article's is; column pages, whose paths
 * hold `/col/`, get none), and both validators on the second pass.
 * What libcurl costs for govwatch's requests, not the leanest request.
 *
 *   cc -O2 -o rawfetch rawfetch.c -lcurl && ./rawfetch URLS CONCURRENCY [as-govwatch]
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct transfer { char *url; char *etag; char *lastModified; struct curl_slist *headers; int status; char *body; size_t length, capacity; };

static int asGovwatch;
static const char *referer;
static char errorBuffer[CURL_ERROR_SIZE];

/* Keeps the body in memory, as any real consumer must (govwatch hands it to
 * its caller); a client that discards bodies would be no fair floor. */
static size_t keep(char *p, size_t s, size_t n, void *u) {
    struct transfer *t = u;
    size_t len = s * n;
    if (t->length + len > t->capacity) {
        size_t capacity = t->capacity ? t->capacity * 2 : 16384;
        while (capacity < t->length + len) capacity *= 2;
        t->body = realloc(t->body, capacity);
        t->capacity = capacity;
    }
    memcpy(t->body + t->length, p, len);
    t->length += len;
    return len;
}

/* The value of header line `p` when it is `name` (with its colon), else NULL. */
static char *value(const char *p, size_t len, const char *name) {
    size_t n = strlen(name);
    if (len <= n || strncasecmp(p, name, n) != 0) return NULL;
    size_t start = n;
    while (start < len && p[start] == ' ') start++;
    size_t end = len;
    while (end > start && (p[end - 1] == '\r' || p[end - 1] == '\n')) end--;
    return strndup(p + start, end - start);
}

static size_t header(char *p, size_t s, size_t n, void *u) {
    struct transfer *t = u;
    size_t len = s * n;
    char *v;
    if ((v = value(p, len, "ETag:"))) { free(t->etag); t->etag = v; }
    else if (asGovwatch && (v = value(p, len, "Last-Modified:"))) { free(t->lastModified); t->lastModified = v; }
    return len;
}

/* govwatch's options and headers for one request (CurlTransfer.configure). */
static struct curl_slist *configureAsGovwatch(CURL *easy, struct transfer *t, int conditional) {
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, 15000L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, 60000L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 100L);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, 20L);
    curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(8 * 1024 * 1024));
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errorBuffer);
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "User-Agent: govwatch/0.1 (+https://example.invalid/govwatch; contact: ops@example.invalid)");
    headers = curl_slist_append(headers, "Accept-Language: zh-CN,zh;q=0.9");
    char line[1024];
    if (conditional && t->etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", t->etag);
        headers = curl_slist_append(headers, line);
    }
    if (conditional && t->lastModified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", t->lastModified);
        headers = curl_slist_append(headers, line);
    }
    if (!strstr(t->url, "/col/")) { /* an article: govwatch sends a column page's URL; a column, none */
        snprintf(line, sizeof line, "Referer: %s", referer);
        headers = curl_slist_append(headers, line);
    }
    return headers;
}

static double now(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pass(CURLM *multi, struct transfer *transfers, int count, int concurrency, int conditional, const char *name) {
    double wall = now(CLOCK_MONOTONIC), cpu = now(CLOCK_PROCESS_CPUTIME_ID);
    int next = 0, running = 0, ok = 0, notModified = 0, other = 0;
    while (next < count || running > 0) {
        while (next < count && running < concurrency) {
            struct transfer *t = &transfers[next++];
            CURL *easy = curl_easy_init();
            curl_easy_setopt(easy, CURLOPT_URL, t->url);
            curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, keep);
            curl_easy_setopt(easy, CURLOPT_WRITEDATA, t);
            curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, header);
            curl_easy_setopt(easy, CURLOPT_HEADERDATA, t);
            curl_easy_setopt(easy, CURLOPT_PRIVATE, t);
            curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
            curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
            struct curl_slist *headers = NULL;
            if (asGovwatch) {
                headers = configureAsGovwatch(easy, t, conditional);
            } else if (conditional && t->etag) {
                char line[512];
                snprintf(line, sizeof line, "If-None-Match: %s", t->etag);
                headers = curl_slist_append(headers, line);
            }
            if (headers) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
            t->headers = headers;
            curl_multi_add_handle(multi, easy);
            running++;
        }
        int still;
        curl_multi_perform(multi, &still);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(multi, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            struct transfer *t;
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            if (status == 200) ok++; else if (status == 304) notModified++; else other++;
            free(t->body);
            t->body = NULL;
            t->length = t->capacity = 0;
            curl_multi_remove_handle(multi, msg->easy_handle);
            curl_easy_cleanup(msg->easy_handle);
            curl_slist_free_all(t->headers);
            t->headers = NULL;
            running--;
        }
        if (running > 0) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    printf("%s wall=%.4f cpu=%.4f ok=%d notmodified=%d other=%d\n", name,
           now(CLOCK_MONOTONIC) - wall, now(CLOCK_PROCESS_CPUTIME_ID) - cpu, ok, notModified, other);
}

int main(int argc, char **argv) {
    if (argc < 3 || (argc == 4 && strcmp(argv[3], "as-govwatch") != 0) || argc > 4) {
        fprintf(stderr, "usage: rawfetch URLS CONCURRENCY [as-govwatch]\n");
        return 64;
    }
    asGovwatch = argc == 4;
    FILE *file = fopen(argv[1], "r");
    if (!file) { perror(argv[1]); return 66; }
    int concurrency = atoi(argv[2]);
    if (concurrency < 1) { fprintf(stderr, "rawfetch: CONCURRENCY must be a number above 0\n"); return 64; }
    struct transfer *transfers = calloc(100000, sizeof *transfers);
    int count = 0;
    char line[4096];
    while (count < 100000 && fgets(line, sizeof line, file)) {
        line[strcspn(line, "\r\n")] = 0;
        if (*line) transfers[count++].url = strdup(line);
    }
    fclose(file);
    if (count == 0) { fprintf(stderr, "%s: no URLs\n", argv[1]); return 65; }
    referer = transfers[0].url;
    curl_global_init(CURL_GLOBAL_ALL);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 1L);
    pass(multi, transfers, count, concurrency, 0, "cold");
    /* RAWFETCH_WARM_PASSES (default 1): more warm passes, so that an
     * instruction count (Deploy/bench/instructions) can tell one pass's
     * instructions from the start-up and the cold pass by difference. */
    const char *passes = getenv("RAWFETCH_WARM_PASSES");
    for (int n = passes ? atoi(passes) : 1, i = 0; i < n; i++)
        pass(multi, transfers, count, concurrency, 1, "warm");
    curl_multi_cleanup(multi);
    return 0;
}
