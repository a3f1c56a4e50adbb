import Foundation
import GovwatchCore
import TOMLKit

/// The file's layout: `[daemon]`, `[http]`, `[[sources]]`, `[[notifiers]]`.
extension ConfigurationReader {
    func configuration(_ root: TOMLTable) throws(ConfigurationError) -> GovwatchConfiguration {
        try allowOnly(root, ["daemon", "http", "sources", "notifiers", "site"], prefix: "", section: nil)
        let daemon = try self.daemon(try table(root, "daemon"))
        var http = FetchConfiguration()
        // One knob for both: transfers at once are the daemon's concurrency.
        http.concurrency = daemon.concurrency
        if let httpTable = try table(root, "http") { try read(httpTable, into: &http) }
        let sources = try self.sources(root["sources"], daemon: daemon)
        let notifiers = try self.notifiers(root["notifiers"], sources: sources)
        var configuration = GovwatchConfiguration(
            file: file, daemon: daemon, http: http, sources: sources, notifiers: notifiers,
            site: try site(try table(root, "site"), daemon: daemon))
        // Notifiers may name any source of the file; this instance runs its shard's.
        if let shard = daemon.shard {
            configuration.sources = sources.filter { shard.owns(url: $0.url) }
            configuration.otherShards = sources.filter { !shard.owns(url: $0.url) }
        }
        return configuration
    }

    func daemon(_ table: TOMLTable?) throws(ConfigurationError) -> GovwatchConfiguration.Daemon {
        guard let table else { return GovwatchConfiguration.Daemon() }
        let section = "daemon"
        try allowOnly(
            table,
            [
                "state_dir", "spool_dir", "alert_log", "interval", "jitter", "concurrency", "failure_threshold",
                "metrics_file", "shard", "max_held_pages", "feed_title", "timezone", "overdue_after",
            ],
            prefix: "daemon.", section: section)
        var daemon = GovwatchConfiguration.Daemon(
            stateDirectory: try string(table, "state_dir", section).map(resolve)
                ?? GovwatchConfiguration.Daemon().stateDirectory,
            spoolDirectory: try string(table, "spool_dir", section).map(resolve),
            alertLog: try string(table, "alert_log", section).map(resolve)
        )
        if let value = try duration(table, "interval", section, minimum: .seconds(1)) { daemon.interval = value }
        if let value = try duration(table, "jitter", section, minimum: .zero) { daemon.jitter = value }
        if let value = try integer(table, "concurrency", section, 1...64) { daemon.concurrency = value }
        if let value = try integer(table, "failure_threshold", section, 1...1000) { daemon.failureThreshold = value }
        if let value = try integer(table, "max_held_pages", section, 10...100_000) { daemon.maxHeldPages = value }
        if let value = try duration(table, "overdue_after", section, minimum: .zero) {
            guard value == .zero || value >= .seconds(86400) else {
                throw error("daemon.overdue_after", "must be \"0s\" (never) or at least \"1d\"", section: section)
            }
            daemon.overdueAfter = value
        }
        if let value = try string(table, "feed_title", section) {
            guard !value.isEmpty, !value.contains("\n") else {
                throw error("daemon.feed_title", "must be one non-empty line", section: section)
            }
            daemon.feedTitle = value
        }
        if let value = try string(table, "timezone", section) {
            guard TimeZone(identifier: value) != nil else {
                throw error(
                    "daemon.timezone", "\"\(value)\" is not a time zone name (for example Asia/Shanghai)",
                    section: section)
            }
            daemon.timeZone = value
        }
        if let value = try string(table, "metrics_file", section) {
            daemon.metricsFile = value.isEmpty ? nil : resolve(value)
        }
        if let value = try string(table, "shard", section) {
            guard let shard = Shard(value) else {
                throw error(
                    "daemon.shard", "\"\(value)\" is not K/N (this instance's part, 1 ≤ K ≤ N ≤ 1024)", section: section
                )
            }
            daemon.shard = shard
        }
        return daemon
    }

    func site(_ table: TOMLTable?, daemon: GovwatchConfiguration.Daemon) throws(ConfigurationError)
        -> GovwatchConfiguration.Site
    {
        var site = GovwatchConfiguration.Site(stateDirectory: daemon.stateDirectory)
        guard let table else { return site }
        try allowOnly(table, ["dir", "enabled", "quiet_after"], prefix: "site.", section: "site")
        if let value = try string(table, "dir", "site") {
            guard !value.isEmpty else { throw error("site.dir", "must name a folder", section: "site") }
            site.directory = resolve(value)
        }
        if let value = try bool(table, "enabled", "site") { site.enabled = value }
        if let value = try duration(table, "quiet_after", "site", minimum: .seconds(86400)) { site.quietAfter = value }
        return site
    }

    func read(_ table: TOMLTable, into http: inout FetchConfiguration) throws(ConfigurationError) {
        let section = "http"
        try allowOnly(
            table,
            [
                "user_agent", "connect_timeout", "timeout", "low_speed_limit", "low_speed_time", "max_body",
                "max_redirects", "per_host_delay", "proxy", "ca_file", "ca_path", "headers", "backoff_base",
                "backoff_cap",
            ], prefix: "http.", section: section)
        if let value = try string(table, "user_agent", section) {
            // Blank is refused too: libcurl drops a header line blank after its colon.
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty, !value.contains("\n"), !value.contains("\r")
            else {
                throw error("http.user_agent", "must be one non-empty line", section: section)
            }
            http.userAgent = value
        }
        if let value = try duration(table, "connect_timeout", section, minimum: .milliseconds(100)) {
            http.connectTimeout = value
        }
        if let value = try duration(table, "timeout", section, minimum: .seconds(1)) { http.totalTimeout = value }
        if let value = try integer(table, "low_speed_limit", section, 0...1_000_000_000) { http.lowSpeedLimit = value }
        if let value = try duration(table, "low_speed_time", section, minimum: .seconds(1)) {
            http.lowSpeedTime = value
        }
        if let value = try size(table, "max_body", section) { http.maxBodyBytes = value }
        if let value = try integer(table, "max_redirects", section, 0...50) { http.maxRedirects = value }
        if let value = try duration(table, "per_host_delay", section, minimum: .zero) { http.perHostDelay = value }
        if let value = try duration(table, "backoff_base", section, minimum: .milliseconds(1)) {
            http.backoffBase = value
        }
        if let value = try duration(table, "backoff_cap", section, minimum: .milliseconds(1)) {
            http.backoffCap = value
        }
        if http.backoffCap < http.backoffBase {
            throw error(
                "http.backoff_cap", "is shorter than backoff_base (\(DurationText.format(http.backoffBase)))",
                section: section)
        }
        if let value = try string(table, "proxy", section) { http.proxy = value.isEmpty ? nil : value }
        if let value = try string(table, "ca_file", section) { http.caFile = resolve(value) }
        if let value = try string(table, "ca_path", section) { http.caPath = resolve(value) }
        if let value = table["headers"] {
            guard let array = value.array,
                array.allSatisfy({ header in
                    let text = header.string ?? ""
                    return text.contains(":") && !text.contains("\r") && !text.contains("\n")
                })
            else {
                throw error("http.headers", "must be an array of one-line \"Name: value\" strings", section: section)
            }
            http.headers = array.compactMap { $0.string }
        }
    }

    func sources(_ value: (any TOMLValueConvertible)?, daemon: GovwatchConfiguration.Daemon) throws(ConfigurationError)
        -> [GovwatchConfiguration.Source]
    {
        try namedTables(value, "sources", noun: "sources") { table, index throws(ConfigurationError) in
            try source(table, index: index, daemon: daemon)
        }
    }

    /// The entries of a `[[section]]` array, read by `read`; two entries
    /// may not share a name.
    func namedTables<Entry>(
        _ value: (any TOMLValueConvertible)?, _ section: String, noun: String,
        _ read: (TOMLTable, Int) throws(ConfigurationError) -> Entry
    ) throws(ConfigurationError) -> [Entry] where Entry: Named {
        guard let value else { return [] }
        guard let array = value.array else {
            throw error(section, "must be an array of tables: write [[\(section)]] sections")
        }
        var entries: [Entry] = []
        for (index, item) in array.enumerated() {
            guard let table = item.table else { throw error(section, "entry \(index + 1) is not a table") }
            let entry = try read(table, index)
            if entries.contains(where: { $0.name == entry.name }) {
                throw error(
                    "\(section).name", "\"\(entry.name)\" is used by two \(noun)", section: section, index: index)
            }
            entries.append(entry)
        }
        return entries
    }

    func source(_ table: TOMLTable, index: Int, daemon: GovwatchConfiguration.Daemon) throws(ConfigurationError)
        -> GovwatchConfiguration.Source
    {
        let section = "sources"
        try allowOnly(
            table,
            [
                "name", "url", "type", "interval", "recheck_interval", "recheck_window", "archive_interval", "baseline",
                "pages", "match", "title_match", "next", "columns", "title",
            ],
            prefix: "sources[\(index)].", section: section, index: index)
        func key(_ name: String) -> String { "sources[\(index)].\(name)" }
        func fail(_ name: String, _ message: String) -> ConfigurationError {
            error(key(name), message, section: section, index: index)
        }
        guard let name = try string(table, "name", section, index: index, keyName: key("name")), !name.isEmpty else {
            throw fail("name", "every source needs a name")
        }
        guard
            name.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || $0.properties.numericType != nil
                    || "-_.".unicodeScalars.contains($0)
            })
        else {
            throw fail("name", "\"\(name)\" may hold only letters, digits, '-', '_' and '.'")
        }
        guard let url = try string(table, "url", section, index: index, keyName: key("url")) else {
            throw fail("url", "source \"\(name)\" needs a url")
        }
        guard URLSyntax.hostKey(of: url) != nil, urlCheck(url) else {
            throw fail("url", "\"\(url)\" is not an absolute http(s) URL")
        }
        // An article page's URL says so (JCMS puts articles under /art/).
        var source = GovwatchConfiguration.Source(
            name: name, url: url, type: url.contains("/art/") ? .article : .column,
            interval: daemon.interval)
        if let value = try string(table, "type", section, index: index, keyName: key("type")) {
            guard let type = GovwatchConfiguration.SourceType(rawValue: value) else {
                throw fail("type", "\"\(value)\" is not one of \"column\", \"article\", \"links\", \"feed\"")
            }
            source.type = type
        }
        if let value = try string(table, "baseline", section, index: index, keyName: key("baseline")) {
            guard let baseline = GovwatchConfiguration.Baseline(rawValue: value) else {
                throw fail("baseline", "\"\(value)\" is not one of \"silent\", \"alert\"")
            }
            source.baseline = baseline
        }
        func duration(_ name: String, minimum: Duration) throws(ConfigurationError) -> Duration? {
            try self.duration(table, name, section, index: index, keyName: key(name), minimum: minimum)
        }
        if let value = try duration("interval", minimum: .seconds(1)) { source.interval = value }
        if let value = try duration("recheck_interval", minimum: .zero) { source.recheckInterval = value }
        if let value = try duration("recheck_window", minimum: .zero) { source.recheckWindow = value }
        if let value = try duration("archive_interval", minimum: .zero) { source.archiveInterval = value }
        if let value = try integer(table, "pages", section, 1...100, index: index, keyName: key("pages")) {
            source.pages = value
        }
        if let title = try string(table, "title", section, index: index, keyName: key("title")) {
            let cleaned = title.trimmingCharacters(in: .whitespaces)
            guard !cleaned.isEmpty, cleaned.count <= 60, !cleaned.contains(where: \.isNewline) else {
                throw fail("title", "the title reviewers see must be one line of 1 to 60 characters")
            }
            source.title = cleaned
        }
        try linkRule(table, into: &source, index: index)
        source.columns = try columnChoices(table, index: index)
        return source
    }
}

extension ConfigurationReader {
    /// `match`, `title_match` and `next`: `match` required for
    /// `type = "links"`, optional for feeds, refused elsewhere; each
    /// pattern a regular expression that compiles; `next` only for a
    /// links source of several pages, with its `{n}`.
    func linkRule(_ table: TOMLTable, into source: inout GovwatchConfiguration.Source, index: Int)
        throws(ConfigurationError)
    {
        let section = "sources"
        func key(_ name: String) -> String { "sources[\(index)].\(name)" }
        func fail(_ name: String, _ message: String) -> ConfigurationError {
            error(key(name), message, section: section, index: index)
        }
        source.match = try string(table, "match", section, index: index, keyName: key("match"))
        source.titleMatch = try string(table, "title_match", section, index: index, keyName: key("title_match"))
        source.next = try string(table, "next", section, index: index, keyName: key("next"))
        if source.type != .links && source.type != .feed, source.match != nil || source.titleMatch != nil {
            throw fail(source.match != nil ? "match" : "title_match", "applies only to type = \"links\" or \"feed\"")
        }
        if source.type == .links, source.match?.isEmpty ?? true {
            throw fail(
                "match",
                "a links source needs match: a regular expression that the absolute URL of each of its report "
                    + "links matches, such as '/t\\d{8}_\\d+\\.html$' for TRS articles (in single quotes, "
                    + "TOML keeps the backslashes)")
        }
        // An article source has always ignored pages; a feed is new, and says so.
        if source.pages > 1, source.type == .feed {
            throw fail("pages", "applies to JCMS columns and links sources; a feed source is one page")
        }
        if let next = source.next {
            guard source.type == .links else { throw fail("next", "applies only to type = \"links\"") }
            guard next.contains("{n}") else {
                throw fail("next", "\"\(next)\" has no {n}: the page number goes there, as in \"index_{n}.html\"")
            }
            let sample = next.replacingOccurrences(of: "{n}", with: "1")
            guard URL(string: sample, relativeTo: URL(string: source.url)).map({ $0.absoluteURL }) != nil else {
                throw fail("next", "\"\(next)\" does not make a URL beside \(source.url)")
            }
        }
        for (name, pattern) in [("match", source.match), ("title_match", source.titleMatch)] {
            guard let pattern else { continue }
            do { _ = try NSRegularExpression(pattern: pattern) } catch {
                throw fail(name, "\"\(pattern)\" is not a regular expression (\(error.localizedDescription))")
            }
        }
    }
}

/// A `[[section]]` entry with a unique name.
protocol Named { var name: String { get } }
extension GovwatchConfiguration.Source: Named {}
extension GovwatchConfiguration.Notifier: Named {}
