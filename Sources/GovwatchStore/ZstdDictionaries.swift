import Foundation
import GRDB
import Synchronization

/// Every zstd dictionary this process has read, by the id its frames name.
///
/// Decoding a stored row happens deep in row mapping, where no store is at
/// hand; a frame's header names its dictionary by id, and this registry
/// finds it. Ids are derived by zstd from the dictionary's content, so one
/// id is one dictionary; a trained dictionary whose id is already taken by
/// other bytes is not used (``register(_:)`` says so).
///
/// A frame naming a dictionary the process has not seen (another process
/// trained it since this one opened the store) reloads the dictionaries of
/// every store this process opened, through a connection of its own (the
/// caller may be inside a read), then tries again.
final class ZstdDictionaries: Sendable {
    static let shared = ZstdDictionaries()

    private struct State {
        var byID: [UInt32: ZstdDictionary] = [:]
        var stores: Set<String> = []
    }
    private let state = Mutex(State())

    /// Adds `dictionary`; false when its id names other bytes already.
    @discardableResult
    func register(_ dictionary: ZstdDictionary) -> Bool {
        state.withLock { state in
            if let known = state.byID[dictionary.id] { return known.bytes == dictionary.bytes }
            state.byID[dictionary.id] = dictionary
            return true
        }
    }

    /// Loads the dictionaries kept in the store at `path` (read in `db`),
    /// oldest first, and remembers the store for reloads.
    func load(store path: String, _ db: Database) throws -> [(dictionary: ZstdDictionary, documents: Int)] {
        state.withLock { _ = $0.stores.insert(path) }
        return try register(from: db)
    }

    /// Adds the dictionaries kept in `db`, oldest first, and returns those
    /// added (a migration reads rows before the store is opened and its
    /// dictionaries loaded).
    @discardableResult
    func register(from db: Database) throws -> [(dictionary: ZstdDictionary, documents: Int)] {
        var loaded: [(ZstdDictionary, Int)] = []
        for row in try Row.fetchAll(db, sql: "SELECT dictionary, documents FROM zstd_dictionary ORDER BY rowid") {
            let bytes: Data = row[0]
            guard let dictionary = ZstdDictionary(bytes: [UInt8](bytes)), register(dictionary) else { continue }
            loaded.append((dictionary, row[1]))
        }
        return loaded
    }

    /// The dictionary with `id`, reloading the stores' dictionaries once
    /// when it is not known; nil when no store holds it (a damaged frame).
    func dictionary(id: UInt32) -> ZstdDictionary? {
        if let known = state.withLock({ $0.byID[id] }) { return known }
        for path in state.withLock({ $0.stores }) {
            var configuration = Configuration()
            configuration.readonly = true
            guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { continue }
            _ = try? queue.read { db in try load(store: path, db) }
        }
        return state.withLock { $0.byID[id] }
    }
}
