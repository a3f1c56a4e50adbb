import ArgumentParser
import Foundation
import GovwatchCore
import GovwatchExtract
import GovwatchFetch
import GovwatchHTML

/// `govwatch extract`: turn one page (file or URL) into entries or listing
/// items; an attached Word (.docx, .doc), Excel (.xlsx, .xls) or PDF file is read as a page.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the report entries of an article page, or the items of a column listing.",
        discussion: """
            Exit status: 0 when something was extracted; 65 when the input has no report table \
            or listing, is empty, or is cut short; 66 when the input cannot be read or fetched; \
            64 for an unknown --charset or a file: URL.
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable { case article, listing, auto }
    enum Format: String, ExpressibleByArgument, CaseIterable { case json, markdown }

    @Argument(
        help: "A page or an attached .docx/.xlsx/.doc/.xls/.pdf file: a path, - for standard input, or an http(s) URL.")
    var input: String

    @Option(help: "What the page is: article, listing or auto.")
    var kind: Kind = .auto

    @Option(help: "Output format: json or markdown.")
    var format: Format = .json

    @Option(help: "Charset of the input, overriding what the page declares (e.g. GBK).")
    var charset: String?

    @Option(name: .customLong("base-url"), help: "URL the page was served from, to resolve its links.")
    var baseURL: String?

    @Flag(
        help: """
            Say how the page was read instead: each table's header and column roles (with the \
            [sources.columns] lines that would change them), sections, and each row or paragraph \
            skipped, with why. On a listing page: what it lists and the next page it names.
            """)
    var explain = false

    @Option(
        name: .customLong("column"),
        help: """
            Read a column as a role, as [sources.columns] does: ROLE=HEADER, ROLE one of \
            number, task, units, supporting, progress, category, status, extra (repeatable).
            """)
    var columns: [String] = []

    /// `--column` values as choices (validated in ``validate()``).
    var columnChoices: ColumnChoices { ColumnChoices(columns.compactMap(Self.choice)) }

    /// `ROLE=HEADER` as a choice; nil when it is not one.
    static func choice(_ text: String) -> (ColumnChoices.Choice, [String])? {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty, let choice = ColumnChoices.Choice(rawValue: parts[0]) else {
            return nil
        }
        return (choice, [parts[1]])
    }

    func validate() throws {
        if let charset, !Charset.isKnown(charset) {
            throw ValidationError("unknown charset \(charset) (for example UTF-8, GBK, GB18030, BIG5)")
        }
        if input.lowercased().hasPrefix("file:") {
            throw ValidationError("file URLs are not fetched: give the file's path instead")
        }
        let roles = ColumnChoices.Choice.allCases.map(\.rawValue).joined(separator: ", ")
        for column in columns where Self.choice(column) == nil {
            throw ValidationError("--column \(column): write ROLE=HEADER, ROLE one of \(roles)")
        }
    }

    func run() async throws {
        var source: PageSource
        do {
            source = try await PageSource.load(input, charset: charset)
        } catch let error as PageSource.LoadError {
            throw CommandFailure(.noInput, "cannot read \(input): \(error.message)").exit
        }
        do { source = try source.readingOffice(named: source.url ?? input) } catch {
            throw CommandFailure(.dataError, "\(input): \(error.message)").exit
        }
        let base = baseURL ?? source.url
        if explain { return try explainReading(source: source, base: base) }
        let output: String
        do {
            output = try render(source: source, base: base)
        } catch let error as ExtractionError {
            // The input was read: what it holds is the problem (65), even when empty.
            throw CommandFailure(.dataError, "\(input): \(error.message)").exit
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    func render(source: PageSource, base: String?) throws -> String {
        let looksLikeListing = source.bytes.withUnsafeBytes { raw in
            ListingExtractor.isListingCandidate(raw, url: base)
        }
        switch (kind, looksLikeListing) {
        case (.article, _), (.auto, false):
            var extractor = ArticleExtractor()
            extractor.columns = columnChoices
            let attempt = Result { () throws(ExtractionError) -> Article in
                try extractor.extract(source.bytes, charset: source.charset, url: base)
            }
            switch attempt {
            case let .success(article):
                return try encode(article)
            case let .failure(error):
                // An unknown page that is not a report may still be a listing.
                guard kind == .auto, error.code == .noReportTable,
                    let listing = try? ListingExtractor().extract(source.bytes, charset: source.charset, url: base),
                    !listing.items.isEmpty
                else { throw error }
                return try encode(listing)
            }
        case (.listing, _), (.auto, true):
            return try encode(ListingExtractor().extract(source.bytes, charset: source.charset, url: base))
        }
    }

    /// `--explain`: the notes, then what was read, then the
    /// `[sources.columns]` lines that would read each table otherwise;
    /// exit 65 when nothing was read. A listing page says what it lists.
    func explainReading(source: PageSource, base: String?) throws {
        let looksLikeListing = source.bytes.withUnsafeBytes { ListingExtractor.isListingCandidate($0, url: base) }
        if kind == .listing || (kind == .auto && looksLikeListing) {
            return try explainListing(source: source, base: base)
        }
        var extractor = ArticleExtractor()
        extractor.columns = columnChoices
        let explanation = extractor.explain(source.bytes, charset: source.charset, url: base)
        if kind == .auto, let error = explanation.error, error.code == .noReportTable,
            let listing = try? ListingExtractor().extract(source.bytes, charset: source.charset, url: base),
            !listing.items.isEmpty
        {
            return try explainListing(source: source, base: base)
        }
        var lines = explanation.notes
        if let article = explanation.article {
            let layout = article.tables.isEmpty ? "a list of paragraphs" : Plural.count(article.tables.count, "table")
            lines.append(
                "read \(Plural.count(article.entries.count, "entry", "entries")) (\(article.kind.rawValue)) from \(layout)"
            )
            lines += ColumnLines.lines(article.tables, choices: columnChoices)
        } else if explanation.error?.code == .noReportTable, lines.contains(where: { $0.hasPrefix("table ") }) {
            lines.append(ColumnLines.hint)  // tables there are, none read: name their columns
        }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        if let error = explanation.error { throw CommandFailure(.dataError, "\(input): \(error.message)").exit }
    }

    /// A listing page explained: how it was read, how many articles, the next page.
    func explainListing(source: PageSource, base: String?) throws {
        let listing: Listing
        do { listing = try ListingExtractor().extract(source.bytes, charset: source.charset, url: base) } catch {
            FileHandle.standardOutput.write(Data("a listing page (JCMS column or dataproxy answer)\n".utf8))
            throw CommandFailure(.dataError, "\(input): \(error.message)").exit
        }
        var lines = ["a listing page: \(Plural.count(listing.items.count, "article")), read as a JCMS column"]
        if let total = listing.totalRecords { lines.append("the column says it has \(total) in all") }
        if let first = listing.items.first { lines.append("newest: \(first.title ?? "(no title)") \(first.url)") }
        if listing.proxy != nil { lines.append("deeper pages come from its dataproxy (set pages = N to read them)") }
        lines.append(
            "to read another CMS's list page, configure type = \"links\" with match (see config check --fetch)")
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    func encode(_ article: Article) throws -> String {
        format == .markdown ? MarkdownRenderer.render(article) : try JSONOutput.string(article)
    }

    func encode(_ listing: Listing) throws -> String {
        format == .markdown ? MarkdownRenderer.render(listing) : try JSONOutput.string(listing)
    }
}

/// The bytes of a page and what is known of their origin.
struct PageSource {
    struct LoadError: Error { let message: String }

    /// Files larger than this are refused before reading: no page is that big.
    static let maximumFileSize = 256 * 1024 * 1024

    var bytes: [UInt8]
    var charset: String?
    var url: String?

    static func load(_ input: String, charset: String?) async throws -> PageSource {
        if input == "-" {
            return PageSource(
                bytes: [UInt8](FileHandle.standardInput.readDataToEndOfFile()), charset: charset, url: nil)
        }
        if input.hasPrefix("http://") || input.hasPrefix("https://") {
            let fetcher = Fetcher(configuration: FetchConfiguration.commandLine)
            do {
                let response = try await fetcher.fetch(FetchRequest(url: input, conditional: false))
                let headerCharset = response.contentType.flatMap(Charset.label(inContentType:))
                return PageSource(bytes: response.body, charset: charset ?? headerCharset, url: response.effectiveURL)
            } catch {
                throw LoadError(message: error.description)
            }
        }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: input)
        } catch {
            throw LoadError(message: "no such file")
        }
        if attributes[.type] as? FileAttributeType == .typeDirectory { throw LoadError(message: "is a directory") }
        if let size = attributes[.size] as? Int, size > maximumFileSize {
            throw LoadError(
                message:
                    "file of \(ByteSize.format(size)) is larger than the limit of \(ByteSize.format(maximumFileSize))")
        }
        guard let data = FileManager.default.contents(atPath: input) else {
            throw LoadError(message: "permission denied or unreadable")
        }
        return PageSource(bytes: [UInt8](data), charset: charset, url: nil)
    }
}

extension PageSource {
    /// An attached office file or PDF becomes the page it reads as (UTF-8); any
    /// other input is left as it is.
    func readingOffice(named name: String) throws(ExtractionError) -> PageSource {
        guard let page = try OfficeAttachment.page(bytes, name: name) else { return self }
        return PageSource(bytes: page, charset: "UTF-8", url: url)
    }
}

extension FetchConfiguration {
    /// One interactive fetch: no politeness delay, default limits.
    static var commandLine: FetchConfiguration {
        var configuration = FetchConfiguration()
        configuration.perHostDelay = .zero
        configuration.concurrency = 1
        return configuration
    }
}
