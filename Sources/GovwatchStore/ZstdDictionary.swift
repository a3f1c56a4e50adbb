import CGovwatchZstd
import Foundation

/// A zstd dictionary trained from the store's own snapshots, ready to
/// compress and decompress with (libzstd's digested CDict and DDict).
///
/// Reports of one government repeat themselves: the same tasks and lead
/// units in every period, the same phrases in the progress. A frame
/// compressed with a dictionary of them stores only what the dictionary
/// lacks. Every frame names its dictionary's id in its header, so the
/// reader finds it (``ZstdDictionaries``); a frame without one reads as
/// it always did.
///
/// `@unchecked Sendable`: the digested dictionaries are read-only after
/// creation, and zstd documents them as shareable between threads; each
/// call uses a context of its own (``ZstdContexts``). No C pointer leaves this type.
final class ZstdDictionary: @unchecked Sendable {
    /// The id in every frame compressed with it (never 0: 0 means none).
    let id: UInt32
    /// The dictionary as zstd wrote it (what the store keeps).
    let bytes: [UInt8]
    private let compression: OpaquePointer
    private let decompression: OpaquePointer

    /// A dictionary from its stored bytes; nil when they are not one
    /// (ZDICT's magic and id), or zstd cannot digest them.
    init?(bytes: [UInt8]) {
        let id = bytes.withUnsafeBytes { ZDICT_getDictID($0.baseAddress, $0.count) }
        guard id != 0,
            let compression = bytes.withUnsafeBytes({ ZSTD_createCDict($0.baseAddress, $0.count, Zstd.dictionaryLevel) }
            )
        else { return nil }
        guard let decompression = bytes.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) }) else {
            ZSTD_freeCDict(compression)
            return nil
        }
        self.id = id
        self.bytes = bytes
        self.compression = compression
        self.decompression = decompression
    }

    deinit {
        ZSTD_freeCDict(compression)
        ZSTD_freeDDict(decompression)
    }

    /// Largest dictionary trained: zstd's own default (110 KB); a seed-size
    /// report's layout is about as large, so a smaller one keeps too little.
    static let capacity = 112_640
    /// Samples are cut to this size: zstd wants many small samples, and a
    /// store holds few (large) snapshots when its first dictionary is due.
    static let sampleSize = 2048

    /// Trains a dictionary from `documents` (uncompressed layouts), cut
    /// into samples; nil when zstd cannot (too little or too uniform text).
    static func train(from documents: [[UInt8]]) -> ZstdDictionary? {
        var samples: [UInt8] = []
        var sizes: [Int] = []
        for document in documents {
            samples += document
            var rest = document.count
            while rest > 0 {
                sizes.append(min(sampleSize, rest))
                rest -= sizes[sizes.count - 1]
            }
        }
        // ZDICT refuses fewer than a handful of samples, and needs the
        // text to be several times the dictionary to learn anything.
        guard sizes.count >= 8, samples.count >= 4 * sampleSize else { return nil }
        var dictionary = [UInt8](repeating: 0, count: min(capacity, samples.count / 4))
        let written = dictionary.withUnsafeMutableBytes { out in
            samples.withUnsafeBytes { input in
                cgovwatch_zstd_train(out.baseAddress, out.count, input.baseAddress, sizes, UInt32(sizes.count))
            }
        }
        guard written > 0 else { return nil }
        return ZstdDictionary(bytes: Array(dictionary[..<Int(written)]))
    }

    /// `bytes` in a zstd frame that names this dictionary.
    func compress(_ bytes: [UInt8]) -> Data {
        let bound = ZSTD_compressBound(bytes.count)
        var output = Data(count: bound)
        let written = ZstdContexts.compressing { context in
            output.withUnsafeMutableBytes { out in
                bytes.withUnsafeBytes { input in
                    ZSTD_compress_usingCDict(
                        context, out.baseAddress, bound, input.baseAddress, input.count, compression)
                }
            }
        }
        guard let written else { preconditionFailure("zstd: out of memory for a context") }
        precondition(ZSTD_isError(written) == 0, "zstd: \(String(cString: ZSTD_getErrorName(written)))")
        output.count = written
        return output
    }

    /// Makes a streaming decompression `context` (a ZSTD_DCtx of the
    /// caller's, in this module) read with this dictionary.
    func use(in context: OpaquePointer) {
        ZSTD_DCtx_refDDict(context, decompression)
    }

    /// The content of a frame compressed with this dictionary, `size`
    /// bytes long; nil when the frame is damaged.
    func decompress(_ frame: UnsafeRawBufferPointer, size: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: size)
        let read = ZstdContexts.decompressing { context in
            output.withUnsafeMutableBytes { out in
                ZSTD_decompress_usingDDict(
                    context, out.baseAddress, out.count, frame.baseAddress, frame.count, decompression)
            }
        }
        guard let read, ZSTD_isError(read) == 0, read == size else { return nil }
        return output
    }
}
