/// Why a document could not be turned into a tree.
public struct MarkupError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Value: Sendable, Hashable { case empty, tooLarge, unknownCharset, unparseable }
        let value: Value
        /// The input has no bytes, or nothing but whitespace.
        public static let empty = Code(value: .empty)
        /// The input is larger than libxml2 accepts in one buffer.
        public static let tooLarge = Code(value: .tooLarge)
        /// The declared charset is not known to iconv.
        public static let unknownCharset = Code(value: .unknownCharset)
        /// libxml2 produced no document at all.
        public static let unparseable = Code(value: .unparseable)

        public var description: String {
            switch value {
            case .empty: "empty"
            case .tooLarge: "tooLarge"
            case .unknownCharset: "unknownCharset"
            case .unparseable: "unparseable"
            }
        }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
