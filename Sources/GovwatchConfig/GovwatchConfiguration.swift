import Foundation
public import GovwatchCore

/// Everything `govwatch.toml` says, validated and with defaults filled in.
///
/// Every default lives in one place: the initialisers below (and, for
/// `[http]`, ``FetchConfiguration``'s). The loader only overrides what the
/// file says.
public struct GovwatchConfiguration: Sendable {
    /// The file this came from (absolute), for messages and reloads.
    public var file: String
    public var daemon: Daemon
    public var http: FetchConfiguration
    /// The sources this instance watches (its shard's, when `[daemon] shard` is set).
    public var sources: [Source]
    /// Sources in the file that belong to other shards (for `config check`).
    public var otherShards: [Source] = []
    public var notifiers: [Notifier] = []
    public var site: Site

    public init(
        file: String, daemon: Daemon = Daemon(), http: FetchConfiguration = FetchConfiguration(),
        sources: [Source] = [], notifiers: [Notifier] = [], site: Site? = nil
    ) {
        self.file = file
        self.site = site ?? Site(stateDirectory: daemon.stateDirectory)
        self.daemon = daemon
        self.http = http
        self.sources = sources
        self.notifiers = notifiers
    }

    public struct Daemon: Sendable, Hashable {
        /// Where the SQLite store (`govwatch.sqlite`) lives.
        public var stateDirectory: String
        /// The maildir of alert files (`tmp/`, `new/`, `cur/`); default `state_dir/spool`.
        public var spoolDirectory: String
        /// JSON-lines alert log; default `state_dir/alerts.jsonl`.
        public var alertLog: String
        /// Default polling interval of sources.
        public var interval: Duration = .seconds(15 * 60)
        /// Random delay added to each scheduled run, spreading load on the site.
        public var jitter: Duration = .seconds(60)
        /// Transfers at once over all hosts.
        public var concurrency: Int = 4
        /// Consecutive failed cycles before `source.failing`.
        public var failureThreshold: Int = 3
        /// How long after its period ends a series' next report may come
        /// before `series.overdue` (``PublicationCalendar``); zero: never.
        public var overdueAfter: Duration = .seconds(60 * 86400)
        /// A Prometheus text file rewritten after every cycle (for
        /// node_exporter's textfile collector); nil: none.
        public var metricsFile: String?
        /// This instance's part of the sources (by host); nil: all of them.
        public var shard: Shard?
        /// How many parsed pages the running cycles hold at once, together,
        /// whatever the columns' sizes: each of the running cycles (two per
        /// transfer slot) commits its pages in batches of this many divided
        /// among them (at least 10), each batch's documents, snapshots and
        /// alerts in one transaction.
        public var maxHeldPages: Int = 400

        /// Pages one cycle parses before it commits them.
        public var cycleBatch: Int { max(10, maxHeldPages / (2 * concurrency)) }
        /// The Atom feed's title, as feed readers show it.
        public var feedTitle: String = "政务公开监测提醒"
        /// The time zone times are shown in to people (change logs, the
        /// site, messages); alert JSON keeps RFC 3339 UTC.
        public var timeZone: String = "Asia/Shanghai"

        /// ``timeZone`` as the renderers use it: its offset now.
        public var localTime: LocalTime {
            TimeZone(identifier: timeZone).map { LocalTime(offsetSeconds: $0.secondsFromGMT()) } ?? .chinaStandardTime
        }

        /// The spool and the log default to folders of the state directory.
        public init(
            stateDirectory: String = "/var/lib/govwatch", spoolDirectory: String? = nil, alertLog: String? = nil
        ) {
            self.stateDirectory = stateDirectory
            self.spoolDirectory = spoolDirectory ?? stateDirectory + "/spool"
            self.alertLog = alertLog ?? stateDirectory + "/alerts.jsonl"
        }
    }

    /// The reviewer site (`[site]`), rebuilt by the daemon after every
    /// delivery that added alerts.
    public struct Site: Sendable, Hashable {
        /// A symbolic link to the current tree of pages; default `state_dir/site`.
        public var directory: String
        public var enabled: Bool = true
        /// A source that published no new report for this long says so on
        /// the index (`已180天无新报告`).
        public var quietAfter: Duration = .seconds(180 * 86400)

        public init(stateDirectory: String, directory: String? = nil) {
            self.directory = directory ?? stateDirectory + "/site"
        }
    }

    /// `column`: a JCMS column (datastore records, dataproxy paging);
    /// `article`: one page; `links`: any page, its links that `match` says;
    /// `feed`: an RSS or Atom feed, its items.
    public enum SourceType: String, Sendable, Hashable, CaseIterable { case column, article, links, feed }
    public enum Baseline: String, Sendable, Hashable { case silent, alert }

    public struct Source: Sendable, Hashable {
        /// The key: in the store, alerts' `source`, commands and logs.
        public var name: String
        /// What reviewers see (`舟山市政府信息公开`); the name when nil.
        public var title: String?
        public var url: String
        /// A column lists articles; an article source watches one page.
        public var type: SourceType
        /// How often the source runs; `[daemon] interval` unless given.
        public var interval: Duration
        /// How often known articles are fetched again (conditionally).
        public var recheckInterval: Duration
        /// For how long after publication articles are rechecked every
        /// `recheckInterval`.
        public var recheckWindow: Duration
        /// After the window, how often a report that is still known is
        /// rechecked (conditionally: an unchanged one costs a 304); zero
        /// stops rechecking it.
        public var archiveInterval: Duration
        /// `silent`: the first cycle records what is there with one
        /// `source.baseline` alert; `alert`: every report is news.
        public var baseline: Baseline
        /// Listing pages read each cycle (1 = the column page itself); once
        /// baselined, a cycle stops at the first page with nothing new.
        public var pages: Int
        /// For `links`: a regular expression the absolute URL of each report
        /// link matches (required), and one its text matches (optional).
        /// For `feed`: both optional, to keep only some items.
        public var match: String?
        public var titleMatch: String?
        /// For `links` with `pages > 1`: the later pages' URLs, `{n}` counting
        /// from 1 for the second page (`index_{n}.html`), relative to `url`;
        /// nil: the page names its next page (TRS pager, rel=next, 下一页).
        public var next: String?
        /// `[sources.columns]`: the operator's column roles for this
        /// source's report tables, overruling the automatic reading.
        public var columns = ColumnChoices()

        public init(
            name: String, url: String, type: SourceType = .column, interval: Duration = Daemon().interval,
            recheckInterval: Duration = .seconds(6 * 3600), recheckWindow: Duration = .seconds(180 * 86400),
            archiveInterval: Duration = .seconds(7 * 86400),
            baseline: Baseline = .silent, pages: Int = 1, match: String? = nil, titleMatch: String? = nil,
            next: String? = nil
        ) {
            self.name = name
            self.url = url
            self.type = type
            self.interval = interval
            self.recheckInterval = recheckInterval
            self.recheckWindow = recheckWindow
            self.archiveInterval = archiveInterval
            self.baseline = baseline
            self.pages = pages
            self.match = match
            self.titleMatch = titleMatch
            self.next = next
        }
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
        public var from: String = "govwatch@localhost"
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
        /// Messages per minute the platform accepts; more alerts are batched.
        public var ratePerMinute: Int
        /// Optional first line of each message; `{count}` is the number of alerts.
        public var title: String?
        /// Secrets this process could not read (loaded with optional
        /// secrets, ``ConfigurationLoader/Secrets``): `url_env GOVWATCH_X is
        /// not set here`. Always empty when secrets were required.
        public var unresolvedSecrets: [String] = []

        /// `ratePerMinute` nil: what the platform accepts (chat robots allow
        /// 20 messages a minute; a plain webhook is given 60).
        public init(
            name: String, type: NotifierType, url: String? = nil, secret: String? = nil, ratePerMinute: Int? = nil
        ) {
            self.name = name
            self.type = type
            self.url = url
            self.secret = secret
            self.ratePerMinute = ratePerMinute ?? (type == .webhook ? 60 : 20)
        }
    }

    /// The SQLite file inside the state directory.
    public var databasePath: String { daemon.stateDirectory + "/govwatch.sqlite" }

    /// The Atom feed of alerts the daemon keeps current.
    public var feedPath: String { daemon.stateDirectory + "/feed.atom" }
}
