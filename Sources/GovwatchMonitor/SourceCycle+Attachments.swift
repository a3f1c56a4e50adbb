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
    func readAttachments(
        _ attached: AttachedReport, pageError: ExtractionError, referer: String, fresh: Validators, stored: String?,
        storedRules: Int?
    ) async -> ArticleOutcome {
        let links = attached.readable
        guard !links.isEmpty else { return .unparsed(pageError.message, fresh) }
        var files: [(link: AttachmentLink, bytes: [UInt8], sha256: String)] = []
        var unreachable: [String] = []
        for link in links {
            do {
                let response = try await fetcher.fetch(
                    FetchRequest(url: link.url, referer: referer, conditional: false))
                let body = response.body
                // Hashing (and reading, below) off the transfer engine's thread.
                let sha256 = await onGlobalPool { SHA256.hash(data: body).hexString }
                files.append((link, body, sha256))
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
                files.contains(where: {
                    $0.link.isDownloadOnly || OfficeAttachment.readsByRules($0.bytes, name: $0.link.fileName)
                })
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

    /// The report the fetched files give under `rules`: each read into a
    /// page (in the child, for the daemon), then the pages read as the
    /// page's report, each file recorded with what it gave.
    func report(
        _ attached: AttachedReport, from files: [(link: AttachmentLink, bytes: [UInt8], sha256: String)],
        rules: ReadingRules
    ) async throws(ExtractionError) -> (snapshot: DocumentSnapshot, hash: String) {
        let files = files.filter { rules.readsDownloadLinks || !$0.link.isDownloadOnly }
        var pages: [(link: AttachmentLink, page: Result<[UInt8], ExtractionError>)] = []
        for (link, bytes, sha256) in files {
            switch await attachments.page(bytes, link: link, rules: rules, sha256: sha256) {
            case let .success(page?): pages.append((link, .success(page)))
            case .success(nil):
                pages.append(
                    (link, .failure(ExtractionError(.unreadable, "not a .docx, .xlsx, .doc, .xls or .pdf file"))))
            case let .failure(error): pages.append((link, .failure(error)))
            }
        }
        var extractor = ArticleExtractor(rules: rules)
        extractor.columns = source.columns
        let reader = extractor
        let read = pages
        let fetched = files.map {
            AttachedFile(name: $0.link.name, url: $0.link.url, bytes: $0.bytes.count, sha256: $0.sha256, entries: 0)
        }
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

extension Sequence where Element == UInt8 {
    /// Lowercase hex, two digits a byte.
    fileprivate var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
