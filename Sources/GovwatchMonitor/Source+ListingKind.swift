public import GovwatchConfig
public import GovwatchExtract

extension GovwatchConfiguration.Source {
    /// How this source's listing pages are read: the one place a source's
    /// type and patterns become a reader (the cycle and `config check
    /// --fetch` both read through it).
    public var listingKind: ListingExtractor.Kind {
        let rule = match.map { LinkRule(url: $0, title: titleMatch) }
        switch type {
        case .links: return rule.map(ListingExtractor.Kind.links) ?? .column
        case .feed: return .feed(rule)
        case .column, .article: return .column
        }
    }
}
