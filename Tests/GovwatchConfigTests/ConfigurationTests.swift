import GovwatchCore
import Testing

@testable import GovwatchConfig

/// The loader in process: defaults from one place, errors that name the
/// file, line and key, and URL checks that need no network library.
@Suite("Configuration loading")
struct ConfigurationTests {
    static let file = "/etc/govwatch/govwatch.toml"

    func parse(_ text: String, urlCheck: @escaping ConfigurationLoader.URLCheck = ConfigurationLoader.shapeCheck)
        throws(ConfigurationError)
        -> GovwatchConfiguration
    {
        try ConfigurationLoader.parse(text, file: Self.file, urlCheck: urlCheck)
    }

    @Test func defaultsComeFromTheInitialisers() throws {
        let configuration = try parse(
            """
            [[sources]]
            name = "zs"
            url = "https://www.zhoushan.gov.cn/col/col1229429114/index.html"

            [[notifiers]]
            name = "hook"
            type = "webhook"
            url = "https://hooks.example.org/x"
            """)
        #expect(configuration.daemon.stateDirectory == "/var/lib/govwatch")
        #expect(configuration.daemon.spoolDirectory == "/var/lib/govwatch/spool")
        #expect(configuration.daemon.alertLog == "/var/lib/govwatch/alerts.jsonl")
        let source = try #require(configuration.sources.first)
        #expect(source.interval == .seconds(900))
        #expect(source.recheckInterval == .seconds(6 * 3600))
        #expect(source.recheckWindow == .seconds(180 * 86400))
        #expect(source.type == .column && source.baseline == .silent && source.pages == 1)
        #expect(configuration.http.concurrency == 4)
        #expect(configuration.notifiers.first?.ratePerMinute == 60)
        #expect(GovwatchConfiguration.Notifier(name: "r", type: .wecom).ratePerMinute == 20)
    }

    /// The parsed-page budget is shared by the running cycles (two per
    /// transfer slot); people's times and the feed have their own keys.
    @Test func heldPagesTimeZoneAndFeedTitle() throws {
        let source = "[[sources]]\nname = \"zs\"\nurl = \"https://h.example/col/col1/index.html\"\n"
        let defaults = try parse(source).daemon
        #expect(defaults.maxHeldPages == 400 && defaults.cycleBatch == 50)
        #expect(defaults.timeZone == "Asia/Shanghai" && defaults.localTime == .chinaStandardTime)
        #expect(defaults.feedTitle == "政务公开监测提醒")
        let set = try parse(
            "[daemon]\nconcurrency = 16\nmax_held_pages = 400\ntimezone = \"UTC\"\nfeed_title = \"区县报告提醒\"\n" + source
        ).daemon
        #expect(set.cycleBatch == 12 && set.localTime.offsetSeconds == 0 && set.feedTitle == "区县报告提醒")
        #expect(throws: ConfigurationError.self) { try parse("[daemon]\ntimezone = \"Mars/Olympus\"\n" + source) }
        #expect(throws: ConfigurationError.self) { try parse("[daemon]\nmax_held_pages = 5\n" + source) }
    }

    @Test func relativePathsFollowTheFileAndTheStateDirectory() throws {
        let configuration = try parse(
            """
            [daemon]
            state_dir = "state"
            interval = "5m"
            [[sources]]
            name = "a"
            url = "http://127.0.0.1:8080/art/2021/1/1/art_1_1.html"
            """)
        #expect(configuration.daemon.stateDirectory == "/etc/govwatch/state")
        #expect(configuration.daemon.spoolDirectory == "/etc/govwatch/state/spool")
        #expect(configuration.sources[0].interval == .seconds(300))
        #expect(configuration.sources[0].type == .article)
    }

    @Test func errorsNameTheLineOfTheKeyInItsOwnSection() {
        let text = """
            [[sources]]
            name = "a"
            url = "http://a.test/"

            [[sources]]
            name = "b"
            url = "http://b.test/"
            pages = 500
            """
        #expect(
            throws: ConfigurationError(
                file: Self.file, line: 8, key: "sources[1].pages",
                message: "500 is out of range 1…100")
        ) { try parse(text) }
    }

    @Test func controlCharactersAreRefusedBeforeTheTOMLParserSeesThem() {
        #expect(
            throws: ConfigurationError(
                file: Self.file, line: 2, message: "control character U+0007 is not allowed in TOML")
        ) {
            try parse("[daemon]\ninterval = \"5m\u{07}\"\n")
        }
    }

    @Test func sourceURLsAreCheckedByShapeAndByTheGivenCheck() throws {
        func urlError(_ url: String, urlCheck: @escaping ConfigurationLoader.URLCheck = ConfigurationLoader.shapeCheck)
            -> String?
        {
            do {
                _ = try parse("[[sources]]\nname = \"a\"\nurl = \"\(url)\"\n", urlCheck: urlCheck)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(urlError("https://www.zhoushan.gov.cn/col/col1/index.html") == nil)
        #expect(urlError("ftp://a.test/") == "\"ftp://a.test/\" is not an absolute http(s) URL")
        #expect(urlError("http:///path") != nil)
        #expect(
            urlError("http://a.test/", urlCheck: { _ in false }) == "\"http://a.test/\" is not an absolute http(s) URL")
    }

    @Test func hostKeysFromTheShapeAlone() {
        #expect(URLSyntax.hostKey(of: "HTTP://WWW.Zhoushan.gov.cn/col/x") == "www.zhoushan.gov.cn")
        #expect(URLSyntax.hostKey(of: "http://user:pw@127.0.0.1:8080/a?b#c") == "127.0.0.1:8080")
        #expect(URLSyntax.hostKey(of: "http://[::1]:9/") == "[::1]:9")
        #expect(URLSyntax.hostKey(of: "http://a.test:99999/") == nil)
        #expect(URLSyntax.hostKey(of: "http://a.test:x/") == nil)
        #expect(URLSyntax.hostKey(of: "http://a b.test/") == nil)
        #expect(URLSyntax.hostKey(of: "mailto:a@b.test") == nil)
    }
}

@Suite("Sizes, warnings and table lines")
struct ConfigurationDetailTests {
    @Test func sizesTakeAnyCaseAndASpace() {
        #expect(ByteSize.parse("8MB") == 8_000_000)
        #expect(ByteSize.parse("8mb") == 8_000_000)
        #expect(ByteSize.parse("8 MB") == 8_000_000)
        #expect(ByteSize.parse(" 512 kib ") == 512 * 1024)
        #expect(ByteSize.parse("8GB") == 8_000_000_000)
        #expect(ByteSize.parse("1500") == 1500)
        #expect(ByteSize.parse("8 M") == nil)
        #expect(ByteSize.parse("MB") == nil)
        #expect(ByteSize.parse("99999999999 GiB") == nil)
        #expect(ByteSize.format(8 * 1024 * 1024) == "8 MiB")
        #expect(ByteSize.format(8_000_000) == "8 MB")
        #expect(ByteSize.format(1500) == "1500 bytes")
    }

    @Test func aSizeKeyReadsTheSameWays() throws {
        let configuration = try ConfigurationLoader.parse("[http]\nmax_body = \"8 mb\"\n", file: "/x/govwatch.toml")
        #expect(configuration.http.maxBodyBytes == 8_000_000)
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.parse("[http]\nmax_body = \"0 MB\"\n", file: "/x/govwatch.toml")
        }
    }

    /// The agent goes out as a header line, which libcurl drops when blank:
    /// a blank agent is refused, as an empty one was.
    @Test func aBlankUserAgentIsRefused() throws {
        for agent in ["", "   "] {
            #expect(throws: ConfigurationError.self) {
                try ConfigurationLoader.parse("[http]\nuser_agent = \"\(agent)\"\n", file: "/x/govwatch.toml")
            }
        }
        let configuration = try ConfigurationLoader.parse(
            "[http]\nuser_agent = \"govwatch (ops@example.org)\"\n", file: "/x/govwatch.toml")
        #expect(configuration.http.userAgent == "govwatch (ops@example.org)")
    }

    @Test func warningsForNoSourcesAndAPlaceholderContact() throws {
        let empty = try ConfigurationLoader.parse("", file: "/x/govwatch.toml")
        #expect(empty.warnings.count == 2)
        #expect(empty.warnings[0].hasPrefix("no [[sources]]"))
        #expect(empty.warnings[1].hasPrefix("http.user_agent still names a placeholder contact"))
        for agent in [
            "govwatch (contact: CHANGE-ME@example.org)", "x (+https://example.com/bot)", "ops@mail.example.net",
        ] {
            #expect(GovwatchConfiguration.hasPlaceholderContact(agent), "\(agent)")
        }
        let real = try ConfigurationLoader.parse(
            """
            [http]
            user_agent = "govwatch/0.1 (contact: data@zhoushan.gov.cn)"
            [[sources]]
            name = "a"
            url = "http://a.test/col/1"
            """, file: "/x/govwatch.toml")
        #expect(real.warnings.isEmpty)
    }

    @Test func anUnknownTableNamesItsHeaderLine() {
        #expect(
            throws: ConfigurationError(
                file: "/x/govwatch.toml", line: 3, key: "htp",
                message: "unknown key (known here: daemon, http, notifiers, site, sources)")
        ) { try ConfigurationLoader.parse("[daemon]\n\n[htp]\nx = 1\n", file: "/x/govwatch.toml") }
    }
}
