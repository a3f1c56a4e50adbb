public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// A swift-log handler for a service: one line per message on stderr.
///
/// When `$JOURNAL_STREAM` names the device and inode of stderr, stderr is
/// the journal, which reads a `<N>` syslog priority prefix and adds its own
/// timestamps; otherwise lines carry a timestamp and the level in words.
public struct JournalLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public let label: String
    let toJournal: Bool

    public init(label: String, environment: [String: String]) {
        self.label = label
        self.toJournal = Self.stderrIsJournal(environment["JOURNAL_STREAM"])
    }

    public init(label: String, toJournal: Bool) {
        self.label = label
        self.toJournal = toJournal
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// True when `JOURNAL_STREAM` ("DEV:INODE") matches stderr's fstat.
    public static func stderrIsJournal(_ value: String?) -> Bool {
        guard let value else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(2, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }

    /// syslog(3) priorities.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var line = "\(event.message)"
        if !merged.isEmpty {
            line += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        line = line.replacing("\n", with: " ")
        let text: String
        if toJournal {
            text = "<\(Self.priority(event.level))>\(line)\n"
        } else {
            text = "\(Self.timestamp()) \(event.level) \(label): \(line)\n"
        }
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }

    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
