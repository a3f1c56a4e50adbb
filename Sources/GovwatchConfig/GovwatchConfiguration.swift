import GovwatchCore
import GovwatchFetch

/// Everything `govwatch.toml` says, validated and with defaults filled in.
public struct GovwatchConfiguration: Sendable {
    /// The file this came from (absolute), for messages and reloads.
    public var file: String
    public var daemon: Daemon
    public var http: FetchConfiguration
    public var sources: [Source]
    public var notifiers: [Notifier] = []

    public struct Daemon: Sendable, Hashable {
        /// Where the SQLite store (`govwatch.sqlite`) lives.
        public var stateDirectory: String
        /// The maildir of alert files (`tmp/`, `new/`, `cur/`).
        public var spoolDirectory: String
        /// JSON-lines alert log.
        public var alertLog: String
        /// Default polling interval of sources.
        public var interval: Duration = .seconds(15 * 60)
        /// Random delay added to each scheduled run, spreading load on the site.
        public var jitter: Duration = .seconds(60)
        /// Transfers at once over all hosts.
        public var concurrency: Int = 4
        /// Consecutive failed cycles before `source.failing`.
        public var failureThreshold: Int = 3
    }

    public enum SourceType: String, Sendable, Hashable { case column, article }
    public enum Baseline: String, Sendable, Hashable { case silent, alert }

    public struct Source: Sendable, Hashable {
        public var name: String
        public var url: String
        public var type: SourceType
        public var interval: Duration
        /// How often known articles are fetched again (conditionally).
        public var recheckInterval: Duration
        /// For how long after publication articles are rechecked.
        public var recheckWindow: Duration
        public var baseline: Baseline
        /// Listing pages read each cycle (1 = the column page itself).
        public var pages: Int
    }

    public enum NotifierType: String, Sendable, Hashable, CaseIterable { case webhook, wecom, dingtalk, feishu, mail }

    /// Where alerts go besides the spool: a webhook, a group-chat robot, or mail.
    public struct Notifier: Sendable, Hashable {
        public var name: String
        public var type: NotifierType
        /// The endpoint (robot URLs carry their key: give them by file or environment).
        public var url: String?
        /// The signing secret (DingTalk, Feishu), from a file or the environment.
        public var secret: String?
        /// Mail: recipients, sender, and the sendmail program (`sendmail -t`).
        public var to: [String] = []
        public var from: String?
        public var sendmail: String = "/usr/sbin/sendmail"
        /// Mail through an SMTP server instead of sendmail (`smtp://host:587`, `smtps://host:465`).
        public var smtpURL: String?
        public var smtpUser: String?
        public var smtpPassword: String?
        /// Require STARTTLS on smtp:// (default on; off only for a local relay).
        public var smtpStartTLS: Bool = true
        /// Filters: only these sources, kinds, lead units (empty = all).
        public var sources: [String] = []
        public var kinds: [String] = []
        public var units: [String] = []
        /// Messages per minute the platform accepts (robots: 20); more alerts are batched.
        public var ratePerMinute: Int
        /// Optional first line of each message; `{count}` is the number of alerts.
        public var title: String?
    }

    /// The SQLite file inside the state directory.
    public var databasePath: String { daemon.stateDirectory + "/govwatch.sqlite" }

    /// The Atom feed of alerts the daemon keeps current.
    public var feedPath: String { daemon.stateDirectory + "/feed.atom" }
}

/// A configuration that cannot be used, with where and why. Its description
/// is one line: `FILE:LINE: KEY: what is wrong`.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }

    /// sysexits.h EX_CONFIG: systemd's RestartPreventExitStatus=78 keeps a
    /// broken configuration from restarting in a loop.
    public static let exitCode: Int32 = 78
}
