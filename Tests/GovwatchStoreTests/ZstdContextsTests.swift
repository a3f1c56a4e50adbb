import Foundation
import Testing

@testable import GovwatchStore

/// zstd contexts are kept and reused (``ZstdContexts``): whatever one frame
/// left in a context (a dictionary, a damaged frame half read, a prefix
/// read that stopped early) must not reach the next frame it reads or writes.
@Suite("Reused zstd contexts")
struct ZstdContextsTests {
    static func documents() -> [[UInt8]] {
        (0..<24).map { Array(DictionaryTests.text($0 % 4, 2000).utf8) }
    }

    @Test func framesOfEveryKindReadBackInAnyOrderOnReusedContexts() throws {
        let documents = Self.documents()
        let dictionary = try #require(ZstdDictionary.train(from: documents))
        _ = ZstdDictionaries.shared.register(dictionary)
        let plain = Zstd.compress(documents[0])
        let withDictionary = Zstd.compress(documents[1], dictionary: dictionary)
        #expect(Zstd.dictionaryID(withDictionary) == dictionary.id && Zstd.dictionaryID(plain) == 0)
        var damaged = withDictionary
        damaged[damaged.count / 2] ^= 0xFF
        damaged[damaged.count / 2 + 1] ^= 0xFF
        // Each kind after each other, several times over, on one thread:
        // the pool hands the same few contexts back each time.
        for _ in 0..<3 {
            #expect(Zstd.decompress(withDictionary) == documents[1])
            #expect(Zstd.decompressPrefix(withDictionary, count: 100) == Array(documents[1].prefix(100)))
            #expect(Zstd.decompress(plain) == documents[0])
            // A damaged frame leaves its context in an error state (zstd
            // may or may not notice: no checksum), for the next read to survive.
            #expect(Zstd.decompress(damaged) != documents[1])
            #expect(Zstd.decompressPrefix(plain, count: 100) == Array(documents[0].prefix(100)))
            #expect(Zstd.decompressPrefix(damaged, count: 1 << 20) != documents[1])
            #expect(Zstd.decompress(plain) == documents[0])
            // Compressing after a dictionary's frame writes a plain frame, and back.
            #expect(Zstd.dictionaryID(Zstd.compress(documents[2])) == 0)
            #expect(Zstd.dictionaryID(Zstd.compress(documents[2], dictionary: dictionary)) == dictionary.id)
            // Byte for byte the first plain frame: no dictionary or level
            // left over from the dictionary frames written in between.
            #expect(Zstd.compress(documents[0]) == plain)
        }
    }

    @Test func manyThreadsAtOnceEachReadTheirOwnFrame() async throws {
        let documents = Self.documents()
        let frames = documents.map { Zstd.compress($0) }
        let wrong = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<40 {
                        let index = (worker + round) % frames.count
                        if Zstd.decompress(frames[index]) != documents[index] { wrong += 1 }
                        if Zstd.compress(documents[index]) != frames[index] { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(wrong == 0)
    }
}
