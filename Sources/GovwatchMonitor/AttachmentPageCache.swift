import Synchronization

/// The pages files read as, by the file's SHA-256, its name's kind and the
/// reading rules, for the life of a process: a file whose bytes did not
/// change reads as the page it read as last time without running its reader
/// again (a 51-page PDF costs pdftotext most of a second), and a file held
/// here whose server sent validators is asked for conditionally at a
/// recheck (``SourceCycle/fetchFile(_:referer:earlier:)``: a 304 reads as
/// its page). Bounded by bytes; the oldest page goes first.
final class AttachmentPageCache: Sendable {
    struct Key: Hashable, Sendable {
        var sha256: String
        var name: String
        var rules: Int
    }

    private struct State {
        var pages: [Key: [UInt8]] = [:]
        var order: [Key] = []
        var bytes = 0
    }

    private let state = Mutex(State())
    let limit: Int

    init(limit: Int = 32 << 20) { self.limit = limit }

    func page(_ key: Key) -> [UInt8]? { state.withLock { $0.pages[key] } }

    func store(_ page: [UInt8], for key: Key) {
        guard page.count <= limit / 4 else { return }
        state.withLock { state in
            guard state.pages[key] == nil else { return }
            state.pages[key] = page
            state.order.append(key)
            state.bytes += page.count
            while state.bytes > limit, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                state.bytes -= state.pages.removeValue(forKey: oldest)?.count ?? 0
            }
        }
    }
}
