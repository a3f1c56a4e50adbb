public import GovwatchCore
import GovwatchOffice

/// A file an article links to (附件), by the name the page shows and its URL.
public struct AttachmentLink: Sendable, Hashable {
    public var name: String
    public var url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    /// The shown name when it names the file's kind, else the URL: what
    /// the reader is told the file is called.
    public var fileName: String {
        OfficeFile.Kind.allCases.contains { name.lowercased().hasSuffix("." + $0.rawValue) } ? name : url
    }

    /// A .docx, .xlsx, .doc, .xls or .pdf file by its shown name or its URL,
    /// or a download that names no type (its bytes will say); WPS's .wps
    /// and .et are named, not read.
    public var isReadable: Bool {
        let readable = OfficeFile.Kind.allCases.map(\.rawValue)
        if ArticleExtractor.isAttachment(name, extensions: readable)
            || ArticleExtractor.isAttachment(url, extensions: readable)
        {
            return true
        }
        return isDownloadOnly
    }

    /// A download that names no file type (`downfile.jsp?id=3`, `附件1`):
    /// read for what its bytes are, under reading rules 5 and later.
    public var isDownloadOnly: Bool {
        !ArticleExtractor.isAttachment(name) && !ArticleExtractor.isAttachment(url)
            && ArticleExtractor.isDownload(url, text: name)
    }
}

/// A page with no report table that links files: what of the page was
/// read (its title and metadata) and the files, in page order.
public struct AttachedReport: Sendable, Hashable {
    public var metadata: DocumentMetadata
    public var files: [AttachmentLink]

    /// At most this many files are fetched for one page: a report is one
    /// file, or a few (a table per district); a page linking dozens is a
    /// download list, not a report.
    public static let fetchedFiles = 5

    /// The files govwatch reads: those that name their type, then
    /// downloads that name none, each in page order.
    public var readable: [AttachmentLink] {
        let readable = files.filter(\.isReadable)
        return Array(
            (readable.filter { !$0.isDownloadOnly } + readable.filter(\.isDownloadOnly)).prefix(Self.fetchedFiles))
    }
}

extension ArticleExtractor {
    /// The report of a page whose tables are in the files it links: the
    /// page's title and metadata, and the entries of each file's page
    /// (``OfficeAttachment/page(_:name:limits:)``, read in process or in a
    /// child), in the page's order; a file that is not a report, such as a
    /// notes sheet, gives none and is passed over. Keys stay unique across
    /// files. Throws when no file gives a report, naming each file and why.
    /// `reading`: per file, how many entries it gave or why none.
    public func extract(
        attached: AttachedReport, pages: [(link: AttachmentLink, page: Result<[UInt8], ExtractionError>)],
        reading: inout [(entries: Int, problem: String?)]
    ) throws(ExtractionError) -> Article {
        var article = Article(metadata: attached.metadata)
        var keys: Set<String> = []
        var failures: [String] = []
        reading = []
        for (link, page) in pages {
            do {
                let read = try extract(try page.get(), charset: "UTF-8")
                reading.append((read.entries.count, nil))
                if article.entries.isEmpty { article.kind = read.kind }
                for var entry in read.entries {
                    // The same task in two files: the second keeps a key of its own.
                    var key = entry.key
                    var copy = 2
                    while !keys.insert(key).inserted {
                        key = "\(entry.key)-\(copy)"
                        copy += 1
                    }
                    entry.key = key
                    article.entries.append(entry)
                }
                article.tables += read.tables
            } catch {
                failures.append("\"\(link.name)\": \(error.message)")
                reading.append((0, error.message))
            }
        }
        guard !article.entries.isEmpty else {
            throw ExtractionError(
                .noReportTable,
                "no report table on the page, nor in its attachments: " + failures.joined(separator: "; "),
                attached: attached)
        }
        return article
    }
}
