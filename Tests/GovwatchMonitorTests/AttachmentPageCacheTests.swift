import GovwatchCore
import GovwatchExtract
import Testing

@testable import GovwatchMonitor

/// A file whose bytes did not change reads as the page it read as before,
/// without its reader; the pages kept are bounded by bytes, oldest first out.
@Suite("Attachment pages kept by digest")
struct AttachmentPageCacheTests {
    @Test func aFileReadBeforeIsNotReadAgain() async throws {
        let reader = AttachmentReader.child(executable: "/nonexistent/govwatch")
        let link = AttachmentLink(name: "完成情况.xlsx", url: "http://h/f.xlsx")
        // The child cannot start: a read fails, and failures are not kept.
        guard case .failure = await reader.page([1, 2, 3], link: link, sha256: "aa") else {
            Issue.record("read without a reader")
            return
        }
        let key = AttachmentPageCache.Key(sha256: "aa", name: link.fileName, rules: ReadingRules.current.generation)
        reader.cache.store(Array("<p>page</p>".utf8), for: key)
        guard case let .success(page?) = await reader.page([1, 2, 3], link: link, sha256: "aa") else {
            Issue.record("the kept page was not used")
            return
        }
        #expect(page == Array("<p>page</p>".utf8))
        // Other rules or no digest: read again (and fail, here).
        guard case .failure = await reader.page([1, 2, 3], link: link, rules: .version4, sha256: "aa"),
            case .failure = await reader.page([1, 2, 3], link: link)
        else {
            Issue.record("a page kept for other rules was used")
            return
        }
    }

    @Test func thePagesKeptAreBoundedByBytes() {
        let cache = AttachmentPageCache(limit: 100)
        func key(_ digest: String) -> AttachmentPageCache.Key { .init(sha256: digest, name: "f.pdf", rules: 5) }
        cache.store([UInt8](repeating: 1, count: 20), for: key("a"))
        cache.store([UInt8](repeating: 2, count: 20), for: key("b"))
        cache.store([UInt8](repeating: 3, count: 60), for: key("too large"))  // over a quarter of the limit
        #expect(cache.page(key("too large")) == nil)
        for digest in ["c", "d", "e", "f"] { cache.store([UInt8](repeating: 4, count: 20), for: key(digest)) }
        #expect(cache.page(key("a")) == nil && cache.page(key("b")) != nil && cache.page(key("f")) != nil)
    }
}
