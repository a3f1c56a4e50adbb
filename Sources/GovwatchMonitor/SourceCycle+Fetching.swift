import GovwatchConfig
import GovwatchCore
import GovwatchExtract
import GovwatchFetch
import GovwatchHTML
import GovwatchStore

extension SourceCycle {
    enum ListingResult: Sendable {
        case items([ListingItem], validators: Validators)
        /// 304: nothing new on the listing since last time.
        case unchanged
        case failed(String)
    }

    /// Reads the column page and, for `pages > 1`, the dataproxy pages after it.
    func readListing(state: SourceState) async -> ListingResult {
        let first: FetchResponse
        do {
            first = try await fetcher.fetch(FetchRequest(
                url: source.url, validators: Validators(etag: state.listingEtag, lastModified: state.listingLastModified)
            ))
        } catch {
            return .failed(error.description)
        }
        if first.notModified, state.baselineDone { return .unchanged }
        let charset = first.contentType.flatMap(Charset.label(inContentType:))
        var listing: Listing
        do {
            listing = try ListingExtractor().extract(first.body, charset: charset, url: first.effectiveURL)
        } catch {
            return .failed("listing \(source.url): \(error.message)")
        }
        var items = listing.items
        if source.pages > 1, let proxy = listing.proxy {
            let perPage = proxy.perPage ?? max(items.count, 15)
            for page in 2...source.pages {
                let start = (page - 1) * perPage + 1
                if let total = listing.totalRecords, start > total { break }
                var fields = proxy.parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                if !fields.contains(where: { $0.0 == "col" }) { fields.insert(("col", "1"), at: 0) }
                let url = proxy.url + "?startrecord=\(start)&endrecord=\(start + perPage - 1)&perpage=\(perPage)"
                do {
                    let response = try await fetcher.fetch(FetchRequest(url: url, method: .postForm(fields), referer: source.url,
                                                                        conditional: false))
                    let more = try ListingExtractor().extract(response.body, url: url)
                    items += more.items.filter { item in !items.contains { $0.url == item.url } }
                } catch {
                    // Deeper pages are best effort: the first page carries the news.
                    logger.warning("listing page not read", metadata: ["source": "\(source.name)", "page": "\(page)",
                                                                      "reason": "\(error)"])
                    break
                }
            }
        }
        return .items(items, validators: Validators(etag: first.etag, lastModified: first.lastModified))
    }

    /// Fetches and extracts each wanted article; results in any order.
    func fetchAll(_ wanted: [(String, Purpose, StoredDocument?)]) async -> [(url: String, purpose: Purpose, outcome: ArticleOutcome)] {
        await withTaskGroup(of: (String, Purpose, ArticleOutcome).self) { group in
            for (url, purpose, document) in wanted {
                group.addTask { (url, purpose, await fetchArticle(url: url, known: document, conditional: purpose.isRecheck)) }
            }
            var results: [(url: String, purpose: Purpose, outcome: ArticleOutcome)] = []
            for await result in group { results.append((result.0, result.1, result.2)) }
            return results
        }
    }

    func fetchArticle(url: String, known: StoredDocument?, conditional: Bool) async -> ArticleOutcome {
        let validators = conditional && known?.snapshot != nil
            ? Validators(etag: known?.etag, lastModified: known?.lastModified) : Validators()
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(FetchRequest(url: url, referer: source.type == .column ? source.url : nil,
                                                            validators: validators))
        } catch {
            if error.code == .http, let status = error.status, status == 404 || status == 410 { return .gone(status) }
            return .failed(error)
        }
        if response.notModified { return .notModified }
        let fresh = Validators(etag: response.etag, lastModified: response.lastModified)
        let charset = response.contentType.flatMap(Charset.label(inContentType:))
        do {
            let article = try ArticleExtractor().extract(response.body, charset: charset, url: url)
            return .extracted(DocumentSnapshot(article: article), fresh)
        } catch {
            return .unparsed(error.message, fresh)
        }
    }
}

extension SourceCycle.Purpose {
    var isRecheck: Bool {
        if case .recheck = self { return true }
        return false
    }
}
