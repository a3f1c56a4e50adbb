import GovwatchCore
import Testing

@testable import GovwatchConfig

/// `[daemon] shard = "K/N"`: a stable, documented split of sources by host.
@Suite("Shards")
struct ShardTests {
    /// Pinned: instances of different versions must agree on who watches
    /// what. Checked against FNV-1a 64 computed separately (Python), mod N, + 1.
    @Test func theAssignmentIsTheDocumentedHash() {
        #expect([2, 3, 4].map { Shard.of(host: "www.zhoushan.gov.cn", count: $0) } == [2, 3, 2])
        #expect([2, 3, 4].map { Shard.of(host: "xxgk.zhoushan.gov.cn", count: $0) } == [1, 1, 3])
        #expect(Shard.of(host: "XXGK.Zhoushan.gov.cn", count: 4) == 3)
    }

    @Test func everySourceBelongsToExactlyOneShard() {
        let urls = (0..<200).map { "https://site\($0).gov.cn/col/col\($0)/index.html" }
        for count in [1, 2, 3, 7] {
            let shards = (1...count).map { Shard("\($0)/\(count)")! }
            for url in urls { #expect(shards.filter { $0.owns(url: url) }.count == 1, "\(url) in \(count)") }
            // And the split is not degenerate: every shard gets some.
            for shard in shards { #expect(urls.contains { shard.owns(url: $0) }) }
        }
        // Two sources on one host always land together (politeness stays in one instance).
        let shard = Shard("2/3")!
        #expect(shard.owns(url: "https://www.zhoushan.gov.cn/a") == shard.owns(url: "https://www.zhoushan.gov.cn/b"))
    }

    @Test func parsing() {
        #expect(Shard("1/1")?.description == "1/1")
        #expect(Shard(" 2 / 3 ")?.index == 2)
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "1/2000", "1/2/3"] { #expect(Shard(bad) == nil, "\(bad)") }
    }

    @Test func theConfigurationKeepsItsShardsSources() throws {
        let text = """
            [daemon]
            shard = "3/3"
            [[sources]]
            name = "www"
            url = "https://www.zhoushan.gov.cn/col/col1/index.html"
            [[sources]]
            name = "xxgk"
            url = "https://xxgk.zhoushan.gov.cn/col/col2/index.html"
            [[notifiers]]
            name = "hook"
            type = "webhook"
            url = "https://hooks.example.test/x"
            sources = ["xxgk"]
            """
        let configuration = try ConfigurationLoader.parse(text, file: "/x/govwatch.toml")
        #expect(configuration.sources.map(\.name) == ["www"])
        #expect(configuration.otherShards.map(\.name) == ["xxgk"])
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.parse("[daemon]\nshard = \"4/3\"\n", file: "/x/govwatch.toml")
        }
    }
}
