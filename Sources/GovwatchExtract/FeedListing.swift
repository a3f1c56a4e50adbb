import Foundation
import GovwatchCore
import GovwatchHTML

/// A `type = "feed"` source's listing: the items of an RSS 2.0 (or 0.9x /
/// RSS 1.0) feed or the entries of an Atom 1.0 feed, newest first as feeds
/// list them, each item's link the article and its date the publish date.
/// A feed names what it lists, so `match` is optional: when set, it keeps
/// only the items whose link (and title, `title_match`) it accepts.
extension ListingExtractor {
    func extractFeed(_ document: MarkupDocument, rule: LinkRule?, url: String?) throws(ExtractionError) -> Listing {
        guard let root = document.root else {
            throw ExtractionError(.unreadable, "unreadable feed: no root element")
        }
        let atom = root.name == "feed"
        guard atom || root.name == "rss" || root.name == "RDF" else {
            throw ExtractionError(
                .noListing,
                "no listing: not an RSS or Atom feed (its root element is <\(root.name)>, not <rss> or <feed>); "
                    + "for an HTML page of links set type = \"links\" with match")
        }
        let urlPattern = rule.flatMap { try? NSRegularExpression(pattern: $0.url) }
        let titlePattern = rule?.title.flatMap { try? NSRegularExpression(pattern: $0) }
        var builder = ListingBuilder(base: url, limit: limit)
        var entries = 0
        for entry in root.descendants(atom ? "entry" : "item") {
            guard builder.items.count < limit else { break }
            entries += 1
            guard let href = atom ? Self.atomLink(entry) : Self.rssLink(entry),
                let absolute = URLResolver.resolve(href, against: url)
            else { continue }
            let title = Self.childText(entry, "title").map(DisplayText.clean)
            guard urlPattern.map({ Self.matches($0, absolute) }) ?? true,
                titlePattern.map({ Self.matches($0, title ?? "") }) ?? true
            else { continue }
            let dated = atom ? ["published", "updated"] : ["pubDate", "date", "issued"]
            let date = dated.lazy.compactMap { Self.childText(entry, $0).flatMap(Self.feedDate) }.first
            builder.add(href: absolute, title: title, date: date)
        }
        guard !builder.items.isEmpty else {
            var reason =
                "no listing: the feed has \(atom ? Plural.count(entries, "entry", "entries") : Plural.count(entries, "item"))"
            if entries > 0 {
                reason +=
                    rule.map { " and none has a link that match = \"\($0.url)\" accepts" } ?? " and none has a link"
            }
            throw ExtractionError(.noListing, reason)
        }
        return builder.listing(url: url)
    }

    /// RSS: `<link>`, else a `<guid>` that is a permalink (the default)
    /// and an absolute http(s) URL (`<guid>12345</guid>` is an id, not a
    /// page), else RSS 1.0's `rdf:about`.
    static func rssLink(_ item: MarkupNode) -> String? {
        if let link = childText(item, "link") { return link }
        if let guid = item.children.first(where: { $0.isElement && $0.name == "guid" }),
            guid.attribute("isPermaLink")?.lowercased() != "false"
        {
            let text = guid.text.trimmingCharacters(in: " \t\r\n")
            if text.hasPrefix("http://") || text.hasPrefix("https://") { return text }
        }
        return item.attribute("about")
    }

    /// Atom: the `alternate` link (a link without `rel` is one), else the first link.
    static func atomLink(_ entry: MarkupNode) -> String? {
        let links = entry.children.filter { $0.isElement && $0.name == "link" }
        let alternate = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first
        return alternate?.attribute("href")
    }

    /// The trimmed text of `node`'s first child element called `name`
    /// (local name: `dc:date` is `date`); nil when absent or empty. Not
    /// cleaned as display text is: an RFC 822 date keeps its spaces.
    static func childText(_ node: MarkupNode, _ name: String) -> String? {
        guard let child = node.children.first(where: { $0.isElement && $0.name == name }) else { return nil }
        let text = child.text.trimmingCharacters(in: " \t\r\n")
        return text.isEmpty ? nil : text
    }

    /// `YYYY-MM-DD` of an RFC 3339 date (Atom, `dc:date`) or an RFC 822 one
    /// (RSS `pubDate`: `Sun, 15 Jan 2023 08:00:00 +0800`), the day as written:
    /// the publisher's own calendar day, as on its list pages.
    static func feedDate(_ text: String) -> String? {
        if let date = PageMetadata.date(text) { return date }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let words = text.split { $0 == " " || $0 == "," }.map { $0.lowercased() }
        for (index, word) in words.enumerated() where index >= 1 && index + 1 < words.count {
            guard let month = months.firstIndex(of: String(word.prefix(3))),
                let day = Int(words[index - 1]), (1...31).contains(day),
                let year = Int(words[index + 1]), (1900...2100).contains(year)
            else { continue }
            return PageMetadata.format(year, month + 1, day)
        }
        return nil
    }
}
