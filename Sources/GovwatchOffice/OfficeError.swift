/// Why an attached office file could not be read. The message names the
/// part of the file (`word/document.xml`, a sheet) and the limit, for the
/// operator; the code picks the reviewers' words.
public struct OfficeError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Value: String, Sendable, Hashable {
            case notAnArchive, missingPart, tooLarge, tooManyRows, damaged, unsupported, readerMissing, scanned
        }
        let value: Value
        /// Not a zip archive (or a damaged one): not a .docx or .xlsx file.
        public static let notAnArchive = Code(value: .notAnArchive)
        /// The archive lacks the part every such file has (`word/document.xml`).
        public static let missingPart = Code(value: .missingPart)
        /// A part expands beyond ``OfficeLimits`` (a zip bomb, or a file too large to be a report).
        public static let tooLarge = Code(value: .tooLarge)
        /// A sheet or document holds more rows or cells than ``OfficeLimits`` allow.
        public static let tooManyRows = Code(value: .tooManyRows)
        /// A part is not the XML it should be, or its data is corrupt.
        public static let damaged = Code(value: .damaged)
        /// A format govwatch does not read in process.
        public static let unsupported = Code(value: .unsupported)
        /// The Debian program that reads the format is not installed (or cannot be started).
        public static let readerMissing = Code(value: .readerMissing)
        /// A PDF with pages and no text: a scan, which govwatch does not read (no OCR).
        public static let scanned = Code(value: .scanned)
        public var description: String { value.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
