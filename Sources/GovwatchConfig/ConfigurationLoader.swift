import Foundation
import GovwatchCore
import GovwatchFetch
import TOMLKit

/// Reads and validates `govwatch.toml` (TOML, via TOMLKit).
///
/// Unknown keys are errors (a typo must not silently fall back to a
/// default); relative paths resolve against the config file's folder.
public enum ConfigurationLoader {
    public static func load(path: String) throws(ConfigurationError) -> GovwatchConfiguration {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let data = FileManager.default.contents(atPath: absolute) else {
            let reason = FileManager.default.fileExists(atPath: absolute) ? "cannot be read (permissions?)" : "no such file"
            throw ConfigurationError(file: absolute, message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: absolute, message: "not UTF-8 text")
        }
        return try parse(text, file: absolute)
    }

    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> GovwatchConfiguration {
        // TOML never allows raw control characters (only tab and line
        // ends), and toml++ asserts on some of them instead of reporting an
        // error: a stray byte would abort the daemon on SIGHUP. Found by
        // the config fuzzer (Tests/Fuzz).
        if let (line, scalar) = firstControlCharacter(in: text) {
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            throw ConfigurationError(file: file, line: line, message: "control character \(code) is not allowed in TOML")
        }
        if let line = firstBadTableHeader(in: text) {
            throw ConfigurationError(file: file, line: line, message: "TOML syntax: a table header needs a name: [name] or [[name]]")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(file: file, line: error.source.begin.line, message: "TOML syntax: \(error.description)")
        } catch {
            throw ConfigurationError(file: file, message: "TOML syntax: \(error)")
        }
        var reader = Reader(file: file, text: text)
        return try reader.configuration(table)
    }

    /// The first C0 control (other than tab, LF, CR) or DEL, with its line.
    static func firstControlCharacter(in text: String) -> (line: Int, scalar: Unicode.Scalar)? {
        var line = 1
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: line += 1
            case 0x09, 0x0D: continue
            case 0x00...0x1F, 0x7F: return (line, scalar)
            default: continue
            }
        }
        return nil
    }

    /// The first line that opens a table header (`[` or `[[` at the start)
    /// with neither a bare key character nor a quote: toml++ asserts on those
    /// (`[!]`, `[ ä]`). Inside a multi-line array such a line would be a
    /// nested array or inline table, which no govwatch key takes anyway.
    static func firstBadTableHeader(in text: String) -> Int? {
        // Scalars, not Characters: `[` followed by a combining mark is one
        // Character, and toml++ reads bytes.
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        for (index, line) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line.drop(while: isSpace)
            guard rest.first == "[" else { continue }
            rest = rest.dropFirst()
            if rest.first == "[" { rest = rest.dropFirst() }
            rest = rest.drop(while: isSpace)
            guard let first = rest.first else { return index + 1 }
            let bare = first.isASCII && (first.properties.isAlphabetic || ("0"..."9").contains(first) || first == "_" || first == "-")
            if !bare && first != "\"" && first != "'" { return index + 1 }
        }
        return nil
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// Walks the TOML tree, remembering the path of each key for messages.
struct Reader {
    let file: String
    let lines: [Substring]
    let folder: String

    init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.folder = String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])
    }

    func error(_ key: String, _ message: String, section: String? = nil, index: Int? = nil) -> ConfigurationError {
        ConfigurationError(file: file, line: line(of: key, section: section, index: index), key: key, message: message)
    }

    /// The line of `key` (its last component) within `[section]` or the
    /// `index`-th `[[section]]`; the section's header line when the key is
    /// not written there. Only for messages.
    func line(of key: String, section: String?, index: Int?) -> Int? {
        let name = String(key.split(separator: ".").last ?? Substring(key))
        var inSection = section == nil
        var seen = -1
        var headerLine: Int?
        for (number, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: " \t\r")
            if line.hasPrefix("[") {
                let header = line.trimmingCharacters(in: "[] \t")
                if let section, header == section {
                    seen += 1
                    inSection = index == nil || seen == index
                    if inSection { headerLine = number + 1 }
                } else {
                    inSection = false
                }
                continue
            }
            if inSection, line.hasPrefix(name), line.dropFirst(name.count).trimmingCharacters(in: " \t").hasPrefix("=") {
                return number + 1
            }
        }
        return headerLine
    }

    mutating func configuration(_ root: TOMLTable) throws(ConfigurationError) -> GovwatchConfiguration {
        try allowOnly(root, ["daemon", "http", "sources", "notifiers"], prefix: "", section: nil)
        let daemonTable = try table(root, "daemon")
        let httpTable = try table(root, "http")
        var daemon = GovwatchConfiguration.Daemon(stateDirectory: "/var/lib/govwatch", spoolDirectory: "", alertLog: "")
        if let daemonTable {
            try allowOnly(daemonTable, ["state_dir", "spool_dir", "alert_log", "interval", "jitter", "concurrency",
                                        "failure_threshold"], prefix: "daemon.", section: "daemon")
            if let value = try string(daemonTable, "state_dir", "daemon") { daemon.stateDirectory = resolve(value) }
            if let value = try string(daemonTable, "spool_dir", "daemon") { daemon.spoolDirectory = resolve(value) }
            if let value = try string(daemonTable, "alert_log", "daemon") { daemon.alertLog = resolve(value) }
            if let value = try duration(daemonTable, "interval", "daemon", minimum: .seconds(1)) { daemon.interval = value }
            if let value = try duration(daemonTable, "jitter", "daemon", minimum: .zero) { daemon.jitter = value }
            if let value = try integer(daemonTable, "concurrency", "daemon", 1...64) { daemon.concurrency = value }
            if let value = try integer(daemonTable, "failure_threshold", "daemon", 1...1000) { daemon.failureThreshold = value }
        }
        if daemon.spoolDirectory.isEmpty { daemon.spoolDirectory = daemon.stateDirectory + "/spool" }
        if daemon.alertLog.isEmpty { daemon.alertLog = daemon.stateDirectory + "/alerts.jsonl" }

        var http = FetchConfiguration()
        http.concurrency = daemon.concurrency
        if let httpTable {
            try allowOnly(httpTable, ["user_agent", "connect_timeout", "timeout", "low_speed_limit", "low_speed_time",
                                      "max_body", "max_redirects", "per_host_delay", "proxy", "ca_file", "ca_path",
                                      "headers", "backoff_base", "backoff_cap"], prefix: "http.", section: "http")
            if let value = try string(httpTable, "user_agent", "http") {
                guard !value.isEmpty, !value.contains("\n"), !value.contains("\r") else {
                    throw error("http.user_agent", "must be one non-empty line", section: "http")
                }
                http.userAgent = value
            }
            if let value = try duration(httpTable, "connect_timeout", "http", minimum: .milliseconds(100)) { http.connectTimeout = value }
            if let value = try duration(httpTable, "timeout", "http", minimum: .seconds(1)) { http.totalTimeout = value }
            if let value = try integer(httpTable, "low_speed_limit", "http", 0...1_000_000_000) { http.lowSpeedLimit = value }
            if let value = try duration(httpTable, "low_speed_time", "http", minimum: .seconds(1)) { http.lowSpeedTime = value }
            if let value = try size(httpTable, "max_body", "http") { http.maxBodyBytes = value }
            if let value = try integer(httpTable, "max_redirects", "http", 0...50) { http.maxRedirects = value }
            if let value = try duration(httpTable, "per_host_delay", "http", minimum: .zero) { http.perHostDelay = value }
            if let value = try duration(httpTable, "backoff_base", "http", minimum: .milliseconds(1)) { http.backoffBase = value }
            if let value = try duration(httpTable, "backoff_cap", "http", minimum: .milliseconds(1)) { http.backoffCap = value }
            if http.backoffCap < http.backoffBase {
                throw error("http.backoff_cap", "is shorter than backoff_base (\(DurationText.format(http.backoffBase)))", section: "http")
            }
            if let value = try string(httpTable, "proxy", "http") { http.proxy = value.isEmpty ? nil : value }
            if let value = try string(httpTable, "ca_file", "http") { http.caFile = resolve(value) }
            if let value = try string(httpTable, "ca_path", "http") { http.caPath = resolve(value) }
            if let value = httpTable["headers"] {
                guard let array = value.array, array.allSatisfy({ header in
                    let text = header.string ?? ""
                    return text.contains(":") && !text.contains("\r") && !text.contains("\n")
                }) else {
                    throw error("http.headers", "must be an array of one-line \"Name: value\" strings", section: "http")
                }
                http.headers = array.compactMap { $0.string }
            }
        }

        var sources: [GovwatchConfiguration.Source] = []
        if let value = root["sources"] {
            guard let array = value.array else {
                throw error("sources", "must be an array of tables: write [[sources]] sections")
            }
            for (index, item) in array.enumerated() {
                guard let table = item.table else { throw error("sources", "entry \(index + 1) is not a table") }
                let source = try self.source(table, index: index, daemon: daemon)
                if sources.contains(where: { $0.name == source.name }) {
                    throw error("sources.name", "\"\(source.name)\" is used by two sources", section: "sources", index: index)
                }
                sources.append(source)
            }
        }
        var configuration = GovwatchConfiguration(file: file, daemon: daemon, http: http, sources: sources)
        if let value = root["notifiers"] {
            guard let array = value.array else { throw error("notifiers", "must be an array of tables: write [[notifiers]] sections") }
            for (index, item) in array.enumerated() {
                guard let table = item.table else { throw error("notifiers", "entry \(index + 1) is not a table") }
                let notifier = try self.notifier(table, index: index, sources: sources)
                if configuration.notifiers.contains(where: { $0.name == notifier.name }) {
                    throw error("notifiers.name", "\"\(notifier.name)\" is used by two notifiers", section: "notifiers", index: index)
                }
                configuration.notifiers.append(notifier)
            }
        }
        return configuration
    }

    func source(_ table: TOMLTable, index: Int, daemon: GovwatchConfiguration.Daemon) throws(ConfigurationError) -> GovwatchConfiguration.Source {
        let section = "sources"
        try allowOnly(table, ["name", "url", "type", "interval", "recheck_interval", "recheck_window", "baseline", "pages"],
                      prefix: "sources[\(index)].", section: section, index: index)
        func key(_ name: String) -> String { "sources[\(index)].\(name)" }
        guard let name = try string(table, "name", section, index: index, keyName: key("name")), !name.isEmpty else {
            throw error(key("name"), "every source needs a name", section: section, index: index)
        }
        guard name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || "-_.".unicodeScalars.contains($0) }) else {
            throw error(key("name"), "\"\(name)\" may hold only letters, digits, '-', '_' and '.'", section: section, index: index)
        }
        guard let url = try string(table, "url", section, index: index, keyName: key("url")) else {
            throw error(key("url"), "source \"\(name)\" needs a url", section: section, index: index)
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), CurlURL.hostKey(of: url) != nil else {
            throw error(key("url"), "\"\(url)\" is not an absolute http(s) URL", section: section, index: index)
        }
        var type = GovwatchConfiguration.SourceType.column
        if let value = try string(table, "type", section, index: index, keyName: key("type")) {
            guard let parsed = GovwatchConfiguration.SourceType(rawValue: value) else {
                throw error(key("type"), "\"\(value)\" is not one of \"column\", \"article\"", section: section, index: index)
            }
            type = parsed
        } else if url.contains("/art/") {
            type = .article
        }
        var baseline = GovwatchConfiguration.Baseline.silent
        if let value = try string(table, "baseline", section, index: index, keyName: key("baseline")) {
            guard let parsed = GovwatchConfiguration.Baseline(rawValue: value) else {
                throw error(key("baseline"), "\"\(value)\" is not one of \"silent\", \"alert\"", section: section, index: index)
            }
            baseline = parsed
        }
        return GovwatchConfiguration.Source(
            name: name, url: url, type: type,
            interval: try duration(table, "interval", section, index: index, keyName: key("interval"), minimum: .seconds(1))
                ?? daemon.interval,
            recheckInterval: try duration(table, "recheck_interval", section, index: index, keyName: key("recheck_interval"),
                                          minimum: .zero) ?? .seconds(6 * 3600),
            recheckWindow: try duration(table, "recheck_window", section, index: index, keyName: key("recheck_window"),
                                        minimum: .zero) ?? .seconds(180 * 86400),
            baseline: baseline,
            pages: try integer(table, "pages", section, 1...100, index: index, keyName: key("pages")) ?? 1
        )
    }

    func notifier(_ table: TOMLTable, index: Int, sources: [GovwatchConfiguration.Source]) throws(ConfigurationError)
        -> GovwatchConfiguration.Notifier {
        let section = "notifiers"
        func key(_ name: String) -> String { "notifiers[\(index)].\(name)" }
        try allowOnly(table, ["name", "type", "url", "url_file", "url_env", "secret_file", "secret_env", "to", "from", "sendmail",
                              "sources", "kinds", "units", "rate_per_minute", "title", "smtp_url", "smtp_user",
                              "smtp_password_file", "smtp_password_env", "smtp_starttls"],
                      prefix: "notifiers[\(index)].", section: section, index: index)
        guard let name = try string(table, "name", section, index: index, keyName: key("name")), !name.isEmpty else {
            throw error(key("name"), "every notifier needs a name", section: section, index: index)
        }
        guard let typeName = try string(table, "type", section, index: index, keyName: key("type")),
              let type = GovwatchConfiguration.NotifierType(rawValue: typeName) else {
            let known = GovwatchConfiguration.NotifierType.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(key("type"), "must be one of \(known)", section: section, index: index)
        }
        // Secrets: from a file or the environment. Robot URLs carry their key, so they may not be inline.
        let url = try secretValue(table, inline: "url", file: "url_file", env: "url_env", index: index,
                                  inlineAllowed: type == .webhook)
        let secret = try secretValue(table, inline: nil, file: "secret_file", env: "secret_env", index: index, inlineAllowed: false)
        if type != .mail {
            guard let url else { throw error(key("url"), "a \(type.rawValue) notifier needs url (or url_file / url_env)", section: section, index: index) }
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw error(key("url"), "is not an http(s) URL", section: section, index: index)
            }
        }
        if type == .dingtalk || type == .feishu, secret == nil {
            // Signing is optional on these platforms, but a robot without it accepts anyone's messages.
        }
        var notifier = GovwatchConfiguration.Notifier(
            name: name, type: type, url: url, secret: secret,
            ratePerMinute: try integer(table, "rate_per_minute", section, 1...600, index: index, keyName: key("rate_per_minute"))
                ?? (type == .webhook ? 60 : 20)
        )
        notifier.title = try string(table, "title", section, index: index, keyName: key("title"))
        notifier.sources = try strings(table, "sources", index: index)
        for source in notifier.sources where !sources.contains(where: { $0.name == source }) {
            throw error(key("sources"), "no source named \"\(source)\"", section: section, index: index)
        }
        notifier.kinds = try strings(table, "kinds", index: index)
        for kind in notifier.kinds where Alert.Kind(rawValue: kind) == nil {
            throw error(key("kinds"), "unknown alert kind \"\(kind)\"", section: section, index: index)
        }
        notifier.units = try strings(table, "units", index: index)
        if type == .mail {
            notifier.to = try strings(table, "to", index: index)
            guard !notifier.to.isEmpty, notifier.to.allSatisfy({ $0.contains("@") && !$0.contains("\n") && !$0.contains("\r") }) else {
                throw error(key("to"), "a mail notifier needs recipient addresses", section: section, index: index)
            }
            notifier.from = try string(table, "from", section, index: index, keyName: key("from")) ?? "govwatch@localhost"
            if let program = try string(table, "sendmail", section, index: index, keyName: key("sendmail")) { notifier.sendmail = program }
            if let url = try string(table, "smtp_url", section, index: index, keyName: key("smtp_url")) {
                guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://"), !url.contains("@") else {
                    throw error(key("smtp_url"), "must be smtp://host[:port] or smtps://host[:port], without credentials",
                                section: section, index: index)
                }
                notifier.smtpURL = url
                notifier.smtpUser = try string(table, "smtp_user", section, index: index, keyName: key("smtp_user"))
                notifier.smtpPassword = try secretValue(table, inline: nil, file: "smtp_password_file", env: "smtp_password_env",
                                                        index: index, inlineAllowed: false)
                if let value = table["smtp_starttls"] {
                    guard let flag = value.bool else { throw error(key("smtp_starttls"), "must be true or false", section: section, index: index) }
                    notifier.smtpStartTLS = flag
                }
            }
        }
        return notifier
    }

    /// A value given inline, by `*_file` (first line of the file) or `*_env` (an environment variable).
    func secretValue(_ table: TOMLTable, inline: String?, file: String, env: String, index: Int, inlineAllowed: Bool)
        throws(ConfigurationError) -> String? {
        let section = "notifiers"
        if let inline, let value = try string(table, inline, section, index: index, keyName: "notifiers[\(index)].\(inline)") {
            guard inlineAllowed else {
                throw error("notifiers[\(index)].\(inline)", "holds a key: give it with \(file) or \(env), not inline",
                            section: section, index: index)
            }
            return value
        }
        if let path = try string(table, file, section, index: index, keyName: "notifiers[\(index)].\(file)") {
            guard let data = FileManager.default.contents(atPath: resolve(path)), let text = String(data: data, encoding: .utf8),
                  let line = text.split(separator: "\n").first.map({ $0.trimmingCharacters(in: " \t\r") }), !line.isEmpty else {
                throw error("notifiers[\(index)].\(file)", "cannot read a value from \(resolve(path))", section: section, index: index)
            }
            return line
        }
        if let name = try string(table, env, section, index: index, keyName: "notifiers[\(index)].\(env)") {
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw error("notifiers[\(index)].\(env)", "environment variable \(name) is not set", section: section, index: index)
            }
            return value
        }
        return nil
    }

    func strings(_ table: TOMLTable, _ name: String, index: Int) throws(ConfigurationError) -> [String] {
        guard let value = table[name] else { return [] }
        guard let array = value.array, array.allSatisfy({ $0.string != nil }) else {
            throw error("notifiers[\(index)].\(name)", "must be an array of strings", section: "notifiers", index: index)
        }
        return array.compactMap { $0.string }
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : folder + "/" + path
    }

    func allowOnly(_ table: TOMLTable, _ keys: Set<String>, prefix: String, section: String?, index: Int? = nil) throws(ConfigurationError) {
        for key in table.keys.sorted() where !keys.contains(key) {
            let known = keys.sorted().joined(separator: ", ")
            throw error(prefix + key, "unknown key (known here: \(known))", section: section, index: index)
        }
    }

    func table(_ root: TOMLTable, _ name: String) throws(ConfigurationError) -> TOMLTable? {
        guard let value = root[name] else { return nil }
        guard let table = value.table else { throw error(name, "must be a table: write [\(name)]") }
        return table
    }

    func string(_ table: TOMLTable, _ name: String, _ section: String, index: Int? = nil, keyName: String? = nil) throws(ConfigurationError) -> String? {
        guard let value = table[name] else { return nil }
        guard let string = value.string else {
            throw error(keyName ?? "\(section).\(name)", "must be a string, not \(value.type)", section: section, index: index)
        }
        return string
    }

    func integer(_ table: TOMLTable, _ name: String, _ section: String, _ range: ClosedRange<Int>, index: Int? = nil,
                 keyName: String? = nil) throws(ConfigurationError) -> Int? {
        guard let value = table[name] else { return nil }
        let key = keyName ?? "\(section).\(name)"
        guard let number = value.int else { throw error(key, "must be an integer, not \(value.type)", section: section, index: index) }
        guard range.contains(number) else {
            throw error(key, "\(number) is out of range \(range.lowerBound)…\(range.upperBound)", section: section, index: index)
        }
        return number
    }

    func duration(_ table: TOMLTable, _ name: String, _ section: String, index: Int? = nil, keyName: String? = nil,
                  minimum: Duration) throws(ConfigurationError) -> Duration? {
        guard let value = table[name] else { return nil }
        let key = keyName ?? "\(section).\(name)"
        guard let text = value.string else {
            throw error(key, "must be a duration string such as \"90s\" or \"15m\", not \(value.type)", section: section, index: index)
        }
        let duration: Duration
        do { duration = try DurationText.parse(text) } catch {
            throw self.error(key, error.description, section: section, index: index)
        }
        guard duration >= minimum else {
            throw error(key, "\"\(text)\" is shorter than the minimum \(DurationText.format(minimum))", section: section, index: index)
        }
        return duration
    }

    /// Bytes: an integer, or a string with a unit (`"8MB"`, `"512KiB"`).
    func size(_ table: TOMLTable, _ name: String, _ section: String) throws(ConfigurationError) -> Int? {
        guard let value = table[name] else { return nil }
        let key = "\(section).\(name)"
        if let number = value.int {
            guard number > 0 else { throw error(key, "must be positive", section: section) }
            return number
        }
        guard let text = value.string else { throw error(key, "must be a size such as \"8MB\"", section: section) }
        let units: [(String, Int)] = [("KiB", 1024), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000),
                                      ("GB", 1_000_000_000), ("B", 1)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let number = Int(text.dropLast(unit.count).trimmingCharacters(in: " ")), number > 0 {
                let (bytes, overflow) = number.multipliedReportingOverflow(by: factor)
                guard !overflow else { throw error(key, "\"\(text)\" is too large", section: section) }
                return bytes
            }
        }
        throw error(key, "\"\(text)\" is not a size (write e.g. \"8MB\" or 8000000)", section: section)
    }
}
