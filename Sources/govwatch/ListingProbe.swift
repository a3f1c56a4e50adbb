import GovwatchConfig
import GovwatchCore
import GovwatchExtract
import GovwatchFetch
import GovwatchHTML
import GovwatchMonitor

/// `config check --fetch`: each listing source's first page fetched now and
/// read as a cycle reads it, so an operator tuning `match` sees what it
/// takes (how many of the page's links, the newest, the next page) and a
/// source that would fail says why before the daemon runs.
enum ListingProbe {
    struct Outcome {
        var lines: [String] = []
        /// 66 when a page could not be fetched, else 65 when one was
        /// fetched and gave no listing.
        var failure: ExitStatus?
    }

    static func run(_ configuration: GovwatchConfiguration) async -> Outcome {
        var http = configuration.http
        http.perHostDelay = .zero
        let fetcher = Fetcher(configuration: http)
        var outcome = Outcome()
        for source in configuration.sources {
            guard source.type != .article else {
                outcome.lines.append("  \(source.name): one article page, nothing to list")
                continue
            }
            let response: FetchResponse
            do {
                response = try await fetcher.fetch(FetchRequest(url: source.url, conditional: false))
            } catch {
                outcome.lines.append("  \(source.name): not fetched: \(error.description)")
                outcome.failure = .noInput
                continue
            }
            do {
                let listing = try ListingExtractor(source.listingKind).extract(
                    response.body, contentType: response.contentType, url: response.effectiveURL)
                outcome.lines.append("  \(source.name): " + describe(listing, source, response))
            } catch {
                outcome.lines.append("  \(source.name): \(error.message)")
                if outcome.failure == nil { outcome.failure = .dataError }
            }
        }
        return outcome
    }

    static func describe(_ listing: Listing, _ source: GovwatchConfiguration.Source, _ response: FetchResponse)
        -> String
    {
        var text: String
        switch source.type {
        case .links:
            text = "\(listing.items.count) of the page's \(linkCount(response)) links match"
        case .feed:
            text = Plural.count(listing.items.count, "item") + " in the feed"
        case .column, .article:
            text = Plural.count(listing.items.count, "article") + " on the column page"
            if let total = listing.totalRecords { text += " (\(total) in all)" }
        }
        if let newest = listing.items.first {
            text += "; newest: \(newest.title ?? "(no title)")"
            if let date = newest.date { text += " (\(date))" }
            text += " \(newest.url)"
        }
        if source.type == .links, source.pages > 1 {
            let next = source.next.map { "\($0) (next)" } ?? listing.next ?? "none named on the page"
            text += "; next page: \(next)"
        }
        return text
    }

    /// The links a links rule looked at: every `<a href>` but in-page and script ones.
    static func linkCount(_ response: FetchResponse) -> Int {
        let charset = response.contentType.flatMap(Charset.label(inContentType:))
        let document = response.body.withUnsafeBytes { bytes in
            try? MarkupDocument.html(bytes, charset: charset, url: response.effectiveURL)
        }
        guard let root = document?.root else { return 0 }
        return root.descendants("a").filter { link in
            link.attribute("href").map(ListingExtractor.isPageLink) ?? false
        }.count
    }
}
