/// A store failure that names the database file and what to do.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Value: String, Sendable, Hashable {
            case cannotOpen, locked, readOnly, corrupt, io, encoding, cancelled, busy
        }
        let value: Value
        public static let cannotOpen = Code(value: .cannotOpen)
        public static let locked = Code(value: .locked)
        public static let readOnly = Code(value: .readOnly)
        public static let corrupt = Code(value: .corrupt)
        public static let io = Code(value: .io)
        public static let encoding = Code(value: .encoding)
        /// The task was cancelled (shutdown) before the database answered:
        /// nothing was written, and nothing is wrong with the store.
        public static let cancelled = Code(value: .cancelled)
        /// Another process works on this state (a source's cycle) and kept
        /// it longer than a caller waits: nothing was done; try again.
        public static let busy = Code(value: .busy)
        public var description: String { value.rawValue }
    }

    public let code: Code
    public let path: String
    public let message: String

    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
