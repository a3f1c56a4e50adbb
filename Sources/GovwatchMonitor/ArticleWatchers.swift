import GovwatchConfig

/// The URLs article sources watch, each with the names of the sources
/// watching it: a column lists, but does not store, a page an article
/// source watches (one URL, one document). Made once per configuration.
struct ArticleWatchers: Sendable {
    private let watchers: [String: Set<String>]

    init(_ sources: [GovwatchConfiguration.Source]) {
        var watchers: [String: Set<String>] = [:]
        for source in sources where source.type == .article {
            watchers[source.url, default: []].insert(source.name)
        }
        self.watchers = watchers
    }

    /// Whether an article source other than `name` watches `url`.
    func isWatched(_ url: String, byOtherThan name: String) -> Bool {
        watchers[url]?.contains { $0 != name } ?? false
    }
}
