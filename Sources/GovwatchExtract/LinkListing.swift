import Foundation
import GovwatchCore
import GovwatchHTML

/// Which links of a page are a `type = "links"` source's articles: those
/// whose absolute URL matches `url` (a regular expression), and whose text
/// matches `title` when one is given. Navigation and footers never match
/// by accident: the operator says what a report link is; links to another
/// host count only when the pattern names one (`://`).
public struct LinkRule: Sendable, Hashable {
    public var url: String
    public var title: String?

    public init(url: String, title: String? = nil) {
        self.url = url
        self.title = title
    }
}

extension ListingExtractor {
    /// The links of `document` that `rule` accepts, in document order, each
    /// with the date found beside it (`<span>2023-01-15</span>`), the first
    /// ``Listing/maximumItems`` of them (a listing is newest first).
    func extractLinks(_ document: MarkupDocument, rule: LinkRule, url: String?) throws(ExtractionError) -> Listing {
        guard let root = document.root else {
            throw ExtractionError(.unreadable, "unreadable document: no root element")
        }
        guard let urlPattern = try? NSRegularExpression(pattern: rule.url) else {
            throw ExtractionError(.noListing, "no listing: match \"\(rule.url)\" is not a regular expression")
        }
        let titlePattern = rule.title.flatMap { try? NSRegularExpression(pattern: $0) }
        var builder = ListingBuilder(base: url, limit: limit)
        var links = 0
        var elsewhere = 0
        for link in root.descendants("a") {
            guard builder.items.count < limit else { break }
            guard let href = link.attribute("href"), ListingExtractor.isPageLink(href),
                let absolute = URLResolver.resolve(href, against: url)
            else { continue }
            links += 1
            // Another site's links match only a pattern that names a host.
            if !rule.url.contains("://"), let base = url, URLSyntax.hostKey(of: absolute) != URLSyntax.hostKey(of: base)
            {
                elsewhere += Self.matches(urlPattern, absolute) ? 1 : 0
                continue
            }
            let linkText = DisplayText.clean(link.text)
            let title = ListingBuilder.title(of: link, text: linkText)
            guard Self.matches(urlPattern, absolute),
                titlePattern.map({ Self.matches($0, title ?? "") }) ?? true
            else { continue }
            // The date sits beside the link, in its list item or table row.
            var holder = link.parent
            if holder?.name == "a" || holder?.name == "span" || holder?.name == "font" { holder = holder?.parent }
            if holder?.name == "td" { holder = holder?.parent }
            builder.add(href: absolute, title: title, date: ListingBuilder.date(beside: link, in: holder))
        }
        guard !builder.items.isEmpty else {
            var reason = "no listing: none of the page's \(links) links matches match = \"\(rule.url)\""
            if let title = rule.title { reason += " with title_match = \"\(title)\"" }
            if elsewhere > 0 {
                reason += " on this host (\(elsewhere) on other hosts: name the host in match, https?://host/…)"
            }
            throw ExtractionError(.noListing, reason)
        }
        var listing = builder.listing(url: url)
        listing.next = Self.nextPage(in: root, url: url)
        return listing
    }

    static func matches(_ pattern: NSRegularExpression, _ text: String) -> Bool {
        pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
