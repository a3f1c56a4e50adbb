import Crypto
import GovwatchConfig
import GovwatchCore
import GovwatchCycle
import GovwatchExtract
import GovwatchFetch

extension SourceCycle {
    /// A page with no report table that links files govwatch reads: each
    /// is fetched like a page (the host's politeness gate, the body limit,
    /// its backoff) and the report is read from them with the page's own
    /// title and metadata (``ArticleExtractor/extract(attached:pages:reading:)``).
    ///
    /// A file the server cannot send now fails the page's reading as a
    /// fetch does (tried again next cycle); a dead link (404, 410) or a
    /// file over the body limit is named in the page's reason instead.
    /// `stored`: the document's content hash, when it is known: a new
    /// reading under other `[sources.columns]` is the operator's doing and
    /// is stored without an alert, as for pages; so is one that reads as
    /// stored under `storedRules`, the reading rules that stored it.
    ///
    /// `storedFiles`: what the stored snapshot recorded of its files, given
    /// for a recheck stored under today's rules: a file whose server sent
    /// validators, and whose page is still held (``AttachmentReader``), is
    /// asked for conditionally, and a 304 reads as that page. A file asked
    /// for whole is never asked twice.
    func readAttachments(
        _ attached: AttachedReport, pageError: ExtractionError, referer: String, fresh: Validators, stored: String?,
        storedRules: Int?, storedFiles: [AttachedFile] = []
    ) async -> ArticleOutcome {
        let links = attached.readable
        guard !links.isEmpty else { return .unparsed(pageError.message, fresh) }
        var files: [FetchedFile] = []
        var unreachable: [String] = []
        for link in links {
            do {
                files.append(try await fetchFile(link, referer: referer, earlier: storedFiles))
            } catch {
                let gone = error.code == .http && (error.status == 404 || error.status == 410)
                // A download that names no type may be no file at all (a
                // guarded or far site): it is named, never the page's failure.
                guard gone || error.code == .tooLarge || link.isDownloadOnly else { return .failed(error.problem) }
                unreachable.append("\"\(link.name)\": \(error.description)")
            }
        }
        guard !files.isEmpty else {
            return .unparsed(
                "no report table on the page, nor in its attachments: " + unreachable.joined(separator: "; "), fresh)
        }
        do {
            let (snapshot, hash) = try await report(attached, from: files, rules: .current)
            var reread = stored != nil && hash != stored && columnsChanged
            if !reread, let stored, hash != stored, let storedRules, storedRules < ReadingRules.current.generation,
                files.contains(where: \.readsByRules)
            {
                // Stored by earlier rules (a workbook's dates as serial
                // numbers, downloads naming no type not read): read so, the
                // same report is the rules' doing.
                let older = try? await report(attached, from: files, rules: .generation(storedRules))
                reread = older?.hash == stored
            }
            return reread ? .reread(snapshot, hash: hash, fresh) : .extracted(snapshot, hash: hash, fresh)
        } catch {
            let reasons = [error.message] + unreachable
            return .unparsed(reasons.joined(separator: "; "), fresh)
        }
    }

    /// One of a report's files: asked for conditionally when it was fetched
    /// before with validators and the page it read as is still held
    /// (`earlier`: the stored record of the report's files), whole otherwise.
    func fetchFile(_ link: AttachmentLink, referer: String, earlier: [AttachedFile]) async throws(FetchError)
        -> FetchedFile
    {
        let before = earlier.first { $0.url == link.url && $0.wasFetched && !$0.validators.isEmpty }
        let kept = before.flatMap { attachments.keptPage(sha256: $0.sha256, name: link.fileName) }
        let response = try await fetcher.fetch(
            FetchRequest(
                url: link.url, referer: referer, conditional: kept != nil,
                validators: kept.flatMap { _ in before?.validators }))
        if response.notModified {
            guard let before, let kept else {
                throw FetchError(
                    .http, url: link.url, status: 304, message: "a 304 to a request that was not conditional")
            }
            // The same file: its page as read last time, its record as stored.
            // A 304 may send only some validators: the others stay as stored.
            let sent = Validators(
                etag: response.etag ?? before.etag, lastModified: response.lastModified ?? before.lastModified)
            return FetchedFile(
                link: link, content: .page(kept), size: before.bytes, sha256: before.sha256, type: before.type,
                validators: sent)
        }
        let body = response.body
        let name = link.fileName
        // Hashing and typing (a zip opened, an OLE file scanned) off the
        // transfer engine's thread, as reading is.
        let (sha256, type) = await onGlobalPool {
            (SHA256.hash(data: body).hexString, OfficeAttachment.type(body, name: name))
        }
        let validators = Validators(etag: response.etag, lastModified: response.lastModified)
        return FetchedFile(
            link: link, content: .bytes(body), size: body.count, sha256: sha256, type: type, validators: validators)
    }

    /// The report the fetched files give under `rules`: each read into a
    /// page (in the child, for the daemon), then the pages read as the
    /// page's report, each file recorded with what it gave.
    func report(_ attached: AttachedReport, from files: [FetchedFile], rules: ReadingRules)
        async throws(ExtractionError)
        -> (snapshot: DocumentSnapshot, hash: String)
    {
        let files = files.filter { rules.readsDownloadLinks || !$0.link.isDownloadOnly }
        var pages: [(link: AttachmentLink, page: Result<[UInt8], ExtractionError>)] = []
        for file in files {
            switch file.content {
            case let .page(page):
                pages.append((file.link, .success(page)))
            case let .bytes(bytes):
                switch await attachments.page(bytes, link: file.link, rules: rules, sha256: file.sha256) {
                case let .success(page?): pages.append((file.link, .success(page)))
                case .success(nil):
                    pages.append(
                        (
                            file.link,
                            .failure(ExtractionError(.unreadable, "not a .docx, .xlsx, .doc, .xls or .pdf file"))
                        ))
                case let .failure(error): pages.append((file.link, .failure(error)))
                }
            }
        }
        var extractor = ArticleExtractor(rules: rules)
        extractor.columns = source.columns
        let reader = extractor
        let read = pages
        let fetched = files.map(\.record)
        return try await onGlobalPool { () throws(ExtractionError) in
            var reading: [(entries: Int, problem: String?)] = []
            var snapshot = DocumentSnapshot(
                article: try reader.extract(attached: attached, pages: read, reading: &reading))
            snapshot.attachments = zip(fetched, reading).map { file, result in
                var file = file
                file.entries = result.entries
                file.problem = result.problem
                return file
            }
            return (snapshot, snapshot.contentHash)
        }
    }
}

/// A report's file as this check got it.
struct FetchedFile: Sendable {
    enum Content: Sendable {
        /// Sent whole.
        case bytes([UInt8])
        /// Not modified (304): the page it read as at the last check.
        case page([UInt8])
    }
    var link: AttachmentLink
    var content: Content
    var size: Int
    /// SHA-256 of the bytes, lowercase hex.
    var sha256: String
    /// What its bytes say it is (``OfficeAttachment/type(_:name:)``).
    var type: String?
    var validators: Validators

    /// What the snapshot records of it (its entry count and problem follow the reading).
    var record: AttachedFile {
        var file = AttachedFile(name: link.name, url: link.url, bytes: size, sha256: sha256, entries: 0)
        file.validators = validators
        file.type = type
        return file
    }

    /// True when earlier reading rules may read it otherwise: a download
    /// naming no type, or a workbook (its dates). A 304's page was read by
    /// today's rules, and only rechecks stored by them are conditional.
    var readsByRules: Bool {
        guard case let .bytes(bytes) = content else { return false }
        return link.isDownloadOnly || OfficeAttachment.readsByRules(bytes, name: link.fileName)
    }
}
