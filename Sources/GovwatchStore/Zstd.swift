import CGovwatchZstd
import Foundation

/// zstd compression of stored blobs (snapshots, alert payloads), through
/// Debian's libzstd. Blobs are whole zstd frames, recognised by the frame's
/// magic number, so rows written before compression (GWS layouts, JSON)
/// read as they always did. No C pointer leaves this type.
enum Zstd {
    /// Level 3: 2.2× on a report snapshot at ~190 MB/s (a snapshot in half
    /// a millisecond); higher levels gain a few percent at a third of the
    /// speed, and a cold cycle writes one snapshot per page.
    static let level: Int32 = 3
    /// With a dictionary, level 1: the dictionary finds the long matches
    /// level 3 searched for; on the seed report level 1 compresses 446 MB/s
    /// against 211 (zstd -b, this machine), 21 KB against 17. zstd was 13%
    /// of a cold cycle's CPU at level 3 (perf, Deploy/bench/run).
    static let dictionaryLevel: Int32 = 1
    /// Larger frames are refused when reading: no snapshot or alert is that big.
    static let maximumContentSize = 256 * 1024 * 1024
    /// The first bytes of every zstd frame (0xFD2FB528, little-endian).
    static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    static func isFrame(_ data: Data) -> Bool { data.starts(with: magic) }

    /// The id of the dictionary a frame was compressed with (0: none).
    static func dictionaryID(_ frame: Data) -> UInt32 {
        frame.withUnsafeBytes { ZSTD_getDictID_fromFrame($0.baseAddress, $0.count) }
    }

    /// `bytes` in a frame, compressed with `dictionary` when there is one.
    static func compress(_ bytes: [UInt8], dictionary: ZstdDictionary? = nil) -> Data {
        if let dictionary { return dictionary.compress(bytes) }
        let bound = ZSTD_compressBound(bytes.count)
        var output = Data(count: bound)
        let written = ZstdContexts.compressing { context in
            output.withUnsafeMutableBytes { out in
                bytes.withUnsafeBytes { input in
                    ZSTD_compressCCtx(context, out.baseAddress, bound, input.baseAddress, input.count, level)
                }
            }
        }
        guard let written else { preconditionFailure("zstd: out of memory for a context") }
        // Compressing into a buffer of compressBound bytes cannot fail.
        precondition(ZSTD_isError(written) == 0, "zstd: \(String(cString: ZSTD_getErrorName(written)))")
        output.count = written
        return output
    }

    /// The frame's content, or nil when it is damaged, does not state its
    /// size, states more than ``maximumContentSize``, or names a dictionary
    /// no store this process opened holds.
    static func decompress(_ data: Data) -> [UInt8]? {
        data.withUnsafeBytes { input -> [UInt8]? in
            let size = cgovwatch_zstd_content_size(input.baseAddress, input.count)
            guard size >= 0, size <= maximumContentSize else { return nil }
            let dictionaryID = ZSTD_getDictID_fromFrame(input.baseAddress, input.count)
            if dictionaryID != 0 {
                // The id is in the frame's header: a damaged one names no dictionary we hold.
                return ZstdDictionaries.shared.dictionary(id: dictionaryID)?.decompress(input, size: Int(size))
            }
            var output = [UInt8](repeating: 0, count: Int(size))
            let read = ZstdContexts.decompressing { context in
                output.withUnsafeMutableBytes { out in
                    ZSTD_decompressDCtx(context, out.baseAddress, out.count, input.baseAddress, input.count)
                }
            }
            guard let read, ZSTD_isError(read) == 0, read == Int(size) else { return nil }
            return output
        }
    }
}

extension Zstd {
    /// The first `count` bytes of a frame's content (all of it when it is
    /// shorter), decompressing no further: a snapshot's heading (title,
    /// dates, kind, entry count) leads its layout, and the publication
    /// calendar and the site read a thousand headings where they need no
    /// entry. nil when the frame is damaged or names an unknown dictionary.
    static func decompressPrefix(_ data: Data, count: Int) -> [UInt8]? {
        data.withUnsafeBytes { input -> [UInt8]? in
            let size = cgovwatch_zstd_content_size(input.baseAddress, input.count)
            guard size >= 0, size <= maximumContentSize else { return nil }
            let dictionaryID = ZSTD_getDictID_fromFrame(input.baseAddress, input.count)
            var dictionary: ZstdDictionary?
            if dictionaryID != 0 {
                dictionary = ZstdDictionaries.shared.dictionary(id: dictionaryID)
                guard dictionary != nil else { return nil }
            }
            var output = [UInt8](repeating: 0, count: min(count, Int(size)))
            let produced = ZstdContexts.decompressing { context -> Int? in
                // The context refers to the dictionary's DDict only while
                // the dictionary is held here: the reference is dropped
                // before the context goes back to the pool.
                withExtendedLifetime(dictionary) {
                    dictionary?.use(in: context)
                    defer { if dictionary != nil { _ = ZSTD_DCtx_refDDict(context, nil) } }
                    return output.withUnsafeMutableBytes { out -> Int? in
                        var sink = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
                        while sink.pos < sink.size {
                            let before = (source.pos, sink.pos)
                            let result = ZSTD_decompressStream(context, &sink, &source)
                            if ZSTD_isError(result) != 0 { return nil }
                            if result == 0 || (source.pos, sink.pos) == before { break }
                        }
                        return sink.pos
                    }
                }
            }
            guard let produced = produced ?? nil else { return nil }
            return Array(output[..<produced])
        }
    }
}

/// An alert's JSON as the outbox keeps it: in a zstd frame when it is large
/// (a published report's alert lists every task's progress: ~3× smaller),
/// as is when small. Rows written before compression are plain JSON.
enum OutboxPayload {
    /// Smaller payloads are kept as they are: a frame would not pay for itself.
    static let compressFrom = 1024

    static func stored(_ json: Data, dictionary: ZstdDictionary? = nil) -> Data {
        json.count >= compressFrom ? Zstd.compress([UInt8](json), dictionary: dictionary) : json
    }

    /// The JSON of a stored payload (a damaged frame reads as it is, and
    /// then fails to decode as JSON where it is used, never here).
    static func json(_ stored: Data) -> [UInt8] {
        guard Zstd.isFrame(stored) else { return [UInt8](stored) }
        return Zstd.decompress(stored) ?? [UInt8](stored)
    }
}
