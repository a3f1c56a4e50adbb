import GovwatchConfig
import GovwatchCore
import GovwatchCycle
import GovwatchExtract
import GovwatchFetch
import GovwatchHTML
import GovwatchStore
import Logging

extension SourceCycle {
    /// What reading the listing gave.
    enum ListingResult: Sendable {
        /// The items of the pages read (``ListingPages``).
        case items(ListingPages, validators: Validators)
        /// 304: nothing new on the listing since last time.
        case unchanged
        case failed(String)
    }

    /// Reads the listing's first page and, for `pages > 1`, the pages after
    /// it (JCMS dataproxy pages, or a links source's next pages) until
    /// ``ListingPages`` says to stop. `known`: the stored documents' URLs.
    func readListing(state: SourceState, known: Set<String>) async -> ListingResult {
        let first: FetchResponse
        do {
            first = try await fetcher.fetch(
                FetchRequest(
                    url: source.url,
                    validators: Validators(etag: state.listingEtag, lastModified: state.listingLastModified)
                ))
        } catch {
            return .failed(error.description)
        }
        if first.notModified, state.baselineDone { return .unchanged }
        let extractor = ListingExtractor(source.listingKind)
        let listing: Listing
        do {
            listing = try await onGlobalPool { () throws(ExtractionError) in
                try extractor.extract(first.body, contentType: first.contentType, url: first.effectiveURL)
            }
        } catch {
            return .failed("listing \(source.url): \(error.message)")
        }
        let readWhole = ListingPages.mustReadWhole(state, now: decision.now)
        var pages = ListingPages(known: known, readWhole: readWhole, pageLimit: source.pages)
        pages.add(page: listing.items)
        switch source.type {
        case .column: await readProxyPages(after: listing, into: &pages)
        case .links: await readNextPages(after: listing, first: first.effectiveURL, extractor, into: &pages)
        case .article, .feed: break
        }
        return .items(pages, validators: Validators(etag: first.etag, lastModified: first.lastModified))
    }

    /// JCMS: the dataproxy pages after the column page, by record ranges.
    func readProxyPages(after listing: Listing, into pages: inout ListingPages) async {
        guard let proxy = listing.proxy else { return }
        let perPage = proxy.perPage ?? max(listing.items.count, 15)
        while pages.wantsMore {
            let start = pages.pagesRead * perPage + 1
            if let total = listing.totalRecords, start > total { break }
            var fields = proxy.parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            if !fields.contains(where: { $0.0 == "col" }) { fields.insert(("col", "1"), at: 0) }
            let url = proxy.url + "?startrecord=\(start)&endrecord=\(start + perPage - 1)&perpage=\(perPage)"
            do {
                let response = try await fetcher.fetch(
                    FetchRequest(url: url, method: .postForm(fields), referer: source.url, conditional: false))
                pages.add(page: try ListingExtractor().extract(response.body, url: url).items)
            } catch {
                logDeeperPage(pages.pagesRead + 1, url: url, error)
                pages.stopUnread()
            }
        }
    }

    /// A links source: the next pages, from the `next` template or as each
    /// page names its next one. A URL already read ends the reading.
    func readNextPages(
        after listing: Listing, first: String, _ extractor: ListingExtractor, into pages: inout ListingPages
    ) async {
        var visited: Set<String> = [source.url, first]
        var named = listing.next
        while pages.wantsMore {
            let page = pages.pagesRead + 1
            let templated = source.next.map { $0.replacing("{n}", with: "\(page - 1)") }
            guard let href = templated ?? named, let url = URLResolver.resolve(href, against: source.url),
                visited.insert(url).inserted
            else { break }
            do {
                // Never conditional: a 304 would say nothing of the links on it.
                let response = try await fetcher.fetch(FetchRequest(url: url, referer: source.url, conditional: false))
                let more = try await onGlobalPool { () throws(ExtractionError) in
                    try extractor.extract(response.body, contentType: response.contentType, url: response.effectiveURL)
                }
                named = more.next
                pages.add(page: more.items)
            } catch let error as FetchError where templated != nil && error.status == 404 {
                break  // a template runs past the last page: the listing ends there
            } catch {
                logDeeperPage(page, url: url, error)
                pages.stopUnread()
            }
        }
    }

    /// Deeper pages are best effort: the first page carries the news.
    func logDeeperPage(_ page: Int, url: String, _ error: any Error) {
        logger.warning(
            "listing page not read",
            metadata: ["source": "\(source.name)", "page": "\(page)", "url": "\(url)", "reason": "\(error)"])
    }

    /// Fetches and extracts each wanted article; results in any order.
    ///
    /// The fetch tasks run on the libcurl engine's thread (its task
    /// executor), so a cycle of 304s never wakes another thread; bodies are
    /// parsed on the global pool (``onGlobalPool(_:)``).
    ///
    /// One task per host fetches that host's pages in turn: the politeness
    /// gate allows one transfer per host at a time anyway, and a task per
    /// page would only queue at the gate (a source's pages share one host).
    /// `load`: the stored snapshots, for the record of a report's files.
    func fetchAll(_ wanted: [(String, Purpose, StoredDocument?)], snapshots load: SnapshotLoader? = nil) async
        -> [FetchedArticle]
    {
        var lanes: [String: [(String, Purpose, StoredDocument?)]] = [:]
        for item in wanted { lanes[fetcher.hostKey(of: item.0) ?? item.0, default: []].append(item) }
        return await withTaskExecutorPreference(fetcher.engine.executor) {
            await withTaskGroup(of: [FetchedArticle].self) { group in
                for lane in lanes.values {
                    group.addTask {
                        var outcomes: [FetchedArticle] = []
                        outcomes.reserveCapacity(lane.count)
                        for (url, purpose, document) in lane {
                            // New columns: every page is read again whole, never answered by a 304.
                            let outcome = await fetchArticle(
                                url: url, known: document, conditional: purpose.isRecheck && !columnsChanged,
                                snapshots: load)
                            outcomes.append(FetchedArticle(url: url, purpose: purpose, outcome: outcome))
                        }
                        return outcomes
                    }
                }
                var results: [FetchedArticle] = []
                for await outcomes in group { results += outcomes }
                return results
            }
        }
    }

    /// Runs CPU-heavy work (parsing a page) on the global pool: never on
    /// the libcurl thread, where it would stall every transfer.
    func onGlobalPool<T: Sendable, Failure: Error>(_ work: () throws(Failure) -> T) async throws(Failure) -> T {
        try await withTaskExecutorPreference(globalConcurrentExecutor) { () async throws(Failure) -> T in try work() }
    }

    /// True when the page, read with the rules that stored it
    /// (`generation`), hashes as `stored`: the page did not change, only how
    /// govwatch reads it. Costs a second parse, paid only for pages stored
    /// by earlier rules whose hash differs from the stored one.
    static func readsAsStored(
        _ response: FetchResponse, _ url: String, _ stored: String?, generation: Int, columns: ColumnChoices = .init()
    ) -> Bool {
        var earlier = ArticleExtractor(rules: .generation(generation))
        earlier.columns = columns
        guard let article = try? earlier.extract(response.body, contentType: response.contentType, url: url) else {
            return false
        }
        return DocumentSnapshot(article: article).contentHash == stored
    }

    /// One article, conditionally when `conditional` and it was read before.
    /// A report read from files fetches the page whole (its validators are
    /// not kept: a file may change under an unchanged page) and asks for
    /// each file conditionally, from the stored snapshot's record (`load`).
    func fetchArticle(url: String, known: StoredDocument?, conditional: Bool, snapshots load: SnapshotLoader? = nil)
        async -> ArticleOutcome
    {
        let validators =
            conditional && known?.contentHash != nil
            ? Validators(etag: known?.etag, lastModified: known?.lastModified) : Validators()
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(
                FetchRequest(
                    url: url, referer: source.type == .article ? nil : source.url,
                    validators: validators))
        } catch {
            if error.code == .http, let status = error.status, status == 404 || status == 410 { return .gone(status) }
            return .failed(error.problem)
        }
        if response.notModified { return .notModified }
        let fresh = Validators(etag: response.etag, lastModified: response.lastModified)
        // Stored by earlier rules: a differing hash may be the rules, not the page.
        let storedRules = known?.readingRules ?? ReadingRules.current.generation
        do {
            // The content hash folds every entry: computed here, in parallel,
            // once, and compared with the stored one before anything else.
            let stored = known?.contentHash
            let earlierRules = storedRules < ReadingRules.current.generation
            var extractor = ArticleExtractor()
            extractor.columns = source.columns
            let (columns, columnsChanged) = (source.columns, columnsChanged)
            let (snapshot, hash, reread) = try await onGlobalPool { () throws(ExtractionError) in
                let article = try extractor.extract(response.body, contentType: response.contentType, url: url)
                let snapshot = DocumentSnapshot(article: article)
                let hash = snapshot.contentHash
                // A new reading of a page stored under other [sources.columns]
                // is the operator's doing, not the site's.
                let reread =
                    stored != nil && hash != stored
                    && (columnsChanged
                        || (earlierRules
                            && Self.readsAsStored(response, url, stored, generation: storedRules, columns: columns)))
                return (snapshot, hash, reread)
            }
            return reread ? .reread(snapshot, hash: hash, fresh) : .extracted(snapshot, hash: hash, fresh)
        } catch {
            // The report may be in the files the page links (附件).
            if let attached = error.attached {
                return await readAttachedReport(
                    attached, pageError: error, url: url, referer: response.effectiveURL, fresh: fresh, known: known,
                    conditional: conditional, snapshots: load)
            }
            return .unparsed(error.message, fresh)
        }
    }

    /// A page with no report table that links files: the report read from
    /// them (``readAttachments(_:pageError:referer:fresh:stored:storedRules:storedFiles:)``).
    /// A recheck stored by today's rules asks for its files conditionally,
    /// from the stored snapshot; one that reads exactly as stored (a 304
    /// for each file, say) is `.notModified`: nothing to write.
    func readAttachedReport(
        _ attached: AttachedReport, pageError: ExtractionError, url: String, referer: String, fresh: Validators,
        known: StoredDocument?, conditional: Bool, snapshots load: SnapshotLoader?
    ) async -> ArticleOutcome {
        let storedRules = known?.readingRules ?? ReadingRules.current.generation
        // A 304 gives the page today's rules read: only such rechecks ask.
        let current = known?.contentHash != nil && storedRules == ReadingRules.current.generation
        let stored = conditional && current && !attached.readable.isEmpty ? await storedSnapshot(url, load) : nil
        let outcome = await readAttachments(
            attached, pageError: pageError, referer: referer, fresh: fresh, stored: known?.contentHash,
            storedRules: known?.readingRules, storedFiles: stored?.attachments ?? [])
        if case let .extracted(snapshot, hash, _) = outcome, let stored, snapshot == stored,
            hash == known?.contentHash, known?.status == .active, known?.lastError == nil
        {
            return .notModified
        }
        return outcome
    }

    /// The stored snapshot of `url`; nil when it cannot be read (its files
    /// are then fetched whole).
    func storedSnapshot(_ url: String, _ load: SnapshotLoader?) async -> DocumentSnapshot? {
        guard let load, let snapshots = try? await load([url]) else { return nil }
        return snapshots[url]
    }
}
