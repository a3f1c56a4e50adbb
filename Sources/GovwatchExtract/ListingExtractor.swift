public import GovwatchCore
public import GovwatchHTML

/// Extracts article links from JCMS column pages and dataproxy answers.
///
/// A classic JCMS column page embeds its first page of records in
/// `<script type="text/xml"><datastore>…<record><![CDATA[<li><a …>]]></record>`,
/// names the next pages' proxy in `<nextgroup>` and gives totals to a
/// `jpage({...})` call. Deeper pages come from `dataproxy.jsp` as XML with the
/// same records. Pages without a datastore fall back to their `/art/` links.
/// Other CMSs' pages are read by a ``LinkRule`` (`type = "links"`), feeds as
/// RSS or Atom (`type = "feed"`).
public struct ListingExtractor: Sendable {
    /// True for an `href` that leads to a page: not a script call
    /// (`javascript:doZoom(20)`) nor a place on this page (`#top`).
    public static func isPageLink(_ href: String) -> Bool {
        !href.hasPrefix("javascript:") && !href.hasPrefix("#")
    }

    /// What a source's listing is.
    public enum Kind: Sendable, Hashable {
        /// A JCMS column page (or dataproxy answer).
        case column
        /// Any HTML page: the links the rule accepts.
        case links(LinkRule)
        /// An RSS or Atom feed: its items, those the rule accepts when set.
        case feed(LinkRule?)
    }

    public let kind: Kind

    /// Items kept from a page (a probe of a page's first part reads one more).
    var limit = Listing.maximumItems

    public init(links: LinkRule? = nil) { kind = links.map(Kind.links) ?? .column }
    public init(_ kind: Kind) { self.kind = kind }

    /// Extracts from raw bytes: a column page (HTML), a dataproxy answer
    /// (XML), a page of links or a feed, as ``kind`` says.
    public func extract(
        _ bytes: UnsafeRawBufferPointer, charset: String? = nil, url: String? = nil
    ) throws(ExtractionError) -> Listing {
        if case .feed = kind {
            let document: MarkupDocument
            do { document = try MarkupDocument.xml(bytes, url: url, charset: charset) } catch {
                throw ExtractionError(error)
            }
            return try extract(document, url: url)
        }
        if kind == .column, Self.looksLikeDatastoreXML(bytes) {
            let document: MarkupDocument
            do { document = try MarkupDocument.xml(bytes, url: url) } catch { throw ExtractionError(error) }
            return try extractDatastore(document, url: url)
        }
        // A huge page is read from its first part when that already holds
        // the newest articles the listing keeps: a libxml2 tree of 100,000
        // links costs over 100 MB, its first megabyte a few.
        // One item past the cap must be there, so that the last one kept
        // was not cut short by the end of the part.
        // A JCMS datastore is one script (its records cost no tree) whose
        // totals and proxy may follow the first part: read whole, as before.
        if bytes.count > Self.prefixBytes, !Self.contains("<datastore", in: bytes) {
            var probe = self
            probe.limit = Listing.maximumItems + 1
            if var listing = try? probe.html(
                UnsafeRawBufferPointer(rebasing: bytes[..<Self.prefixBytes]), charset, url),
                listing.items.count > Listing.maximumItems
            {
                listing.items.removeLast(listing.items.count - Listing.maximumItems)
                return listing
            }
        }
        return try html(bytes, charset, url)
    }

    /// The part of a big page read first (see ``extract(_:charset:url:)``).
    static let prefixBytes = 1 << 20

    private func html(_ bytes: UnsafeRawBufferPointer, _ charset: String?, _ url: String?)
        throws(ExtractionError) -> Listing
    {
        let document: MarkupDocument
        do { document = try MarkupDocument.html(bytes, charset: charset, url: url) } catch {
            throw ExtractionError(error)
        }
        return try extract(document, url: url)
    }

    public func extract(_ bytes: [UInt8], charset: String? = nil, url: String? = nil) throws(ExtractionError) -> Listing
    {
        try withRawBytes(bytes) { buffer throws(ExtractionError) in try extract(buffer, charset: charset, url: url) }
    }

    /// Extracts from a parsed column page.
    public func extract(_ document: MarkupDocument, url: String? = nil) throws(ExtractionError) -> Listing {
        switch kind {
        case .column: break
        case let .links(rule): return try extractLinks(document, rule: rule, url: url)
        case let .feed(rule): return try extractFeed(document, rule: rule, url: url)
        }
        guard let root = document.root else {
            throw ExtractionError(.unreadable, "unreadable document: no root element")
        }
        var builder = ListingBuilder(base: url, limit: limit)
        var proxyHref: String?
        for script in root.descendants("script") {
            let type = script.attribute("type")?.lowercased()
            let content = script.rawContent
            if type == "text/xml" || content.contains("<datastore") {
                guard let xml = try? MarkupDocument.xml(content), let datastore = xml.root else { continue }
                builder.read(datastore: datastore)
                if proxyHref == nil, let nextgroup = datastore.descendants("nextgroup").first {
                    proxyHref = Self.firstHref(inFragment: nextgroup.text)
                }
            } else if content.contains("jpage(") || content.contains("totalRecord") {
                builder.readPagerScript(content)
            }
        }
        if builder.items.isEmpty {
            builder.readLinks(in: root)
        }
        guard !builder.items.isEmpty || builder.totalRecords != nil else {
            throw ExtractionError(
                .noListing,
                "no listing: no datastore records and no article links (under /art/); for a site on another CMS "
                    + "set type = \"links\" with match = a regular expression for its report links, or "
                    + "type = \"article\" to watch this one page")
        }
        if let href = builder.proxyURL ?? proxyHref {
            builder.setProxy(href: href)
        }
        return builder.listing(url: url)
    }

    /// Extracts from a parsed dataproxy answer.
    func extractDatastore(_ document: MarkupDocument, url: String?) throws(ExtractionError) -> Listing {
        guard let root = document.root else {
            throw ExtractionError(.unreadable, "unreadable document: no root element")
        }
        var builder = ListingBuilder(base: url, limit: limit)
        builder.read(datastore: root)
        guard !builder.items.isEmpty || builder.totalRecords != nil else {
            throw ExtractionError(.noListing, "no listing: the datastore has no records")
        }
        return builder.listing(url: url)
    }

    static func looksLikeDatastoreXML(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let head = String(decoding: bytes.prefix(512), as: UTF8.self)
        return head.hasPrefix("<?xml")
            || head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).hasPrefix("<datastore")
    }

    static func firstHref(inFragment fragment: String) -> String? {
        guard let document = try? MarkupDocument.html(fragment), let root = document.root else { return nil }
        return root.descendants("a").lazy.compactMap { $0.attribute("href") }.first
    }
}

/// Collects items, totals and the proxy while reading a listing.
struct ListingBuilder {
    /// Records read from one page at most (``Listing/maximumItems``): each
    /// record costs a parse.
    static let maximumRecords = Listing.maximumItems
    let base: String?
    var items: [ListingItem] = []
    var seen: Set<String> = []
    var totalRecords: Int?
    var perPage: Int?
    var proxyURL: String?
    var parameters: [String: String] = [:]
    var proxy: ListingProxy?

    let limit: Int

    init(base: String?, limit: Int = Listing.maximumItems) {
        self.base = base
        self.limit = limit
    }

    mutating func read(datastore: MarkupNode) {
        for node in datastore.descendants("totalrecord") {
            if let value = Int(DisplayText.clean(node.text)) { totalRecords = value }
        }
        for record in datastore.descendants("record").prefix(Self.maximumRecords) {
            readRecord(record.text)
        }
    }

    /// One record: an HTML fragment with a link and usually a date.
    mutating func readRecord(_ fragment: String) {
        guard let document = try? MarkupDocument.html(fragment), let root = document.root else { return }
        for link in root.descendants("a") {
            guard let href = link.attribute("href"), ListingExtractor.isPageLink(href) else {
                continue
            }
            let linkText = DisplayText.clean(link.text)
            let title = ListingBuilder.title(of: link, text: linkText)
            // The date sits beside the link: `<span>2022-01-06</span>`, `[2022-01-06]`.
            var outside = root.text
            if !linkText.isEmpty, let range = outside.firstRange(of: link.text) { outside.removeSubrange(range) }
            let date = PageMetadata.date(outside) ?? PageMetadata.date(root.text)
            add(href: href, title: title, date: date)
        }
    }

    /// Fallback for pages without a datastore: every `/art/` link on the page.
    mutating func readLinks(in root: MarkupNode) {
        for link in root.descendants("a") {
            guard items.count < limit else { return }
            guard let href = link.attribute("href"), href.contains("/art/") else { continue }
            let linkText = DisplayText.clean(link.text)
            let title = ListingBuilder.title(of: link, text: linkText)
            add(href: href, title: title, date: Self.date(beside: link, in: link.parent))
        }
    }

    /// A link's title: its `title` attribute, else its text (`linkText`,
    /// cleaned); nil when both are empty.
    static func title(of link: MarkupNode, text linkText: String) -> String? {
        link.attribute("title").map(DisplayText.clean).flatMap { $0.isEmpty ? nil : $0 }
            ?? (linkText.isEmpty ? nil : linkText)
    }

    /// The date beside `link`: in `holder`'s text outside the link
    /// (`<li><a>报告1</a> 2024-01-01</li>`: a title ending in a digit does not
    /// run into the date) when `holder` holds no other link, else in the
    /// link's own text (`<a><span>2024-01-01</span>标题</a>`).
    static func date(beside link: MarkupNode, in holder: MarkupNode?) -> String? {
        let inside = link.text
        if let holder, holder.descendants("a").count == 1 {
            var outside = holder.text
            if !inside.isEmpty, let range = outside.firstRange(of: inside) { outside.removeSubrange(range) }
            if let date = PageMetadata.date(DisplayText.clean(outside)) { return date }
        }
        return PageMetadata.date(DisplayText.clean(inside))
    }

    mutating func add(href: String, title: String?, date: String?) {
        guard items.count < limit,
            let url = URLResolver.resolve(href, against: base), seen.insert(url).inserted
        else { return }
        items.append(ListingItem(url: url, title: title, date: date))
    }

    /// `jpage({totalRecord:24,perPage:15,proxyUrl:'…',ajaxParam:{…}})`.
    mutating func readPagerScript(_ script: String) {
        if let value = Self.scriptValue("totalRecord", in: script).flatMap({ Int($0) }) { totalRecords = value }
        if let value = Self.scriptValue("perPage", in: script).flatMap({ Int($0) }) { perPage = value }
        if let value = Self.scriptValue("proxyUrl", in: script), !value.isEmpty { proxyURL = value }
        let names: [String] = [
            "unitid", "webid", "columnid", "col", "appid", "path", "webname", "permissiontype",
            "sourceContentType",
        ]
        for name in names {
            if let value = Self.scriptValue(name, in: script) { parameters[name] = value }
        }
    }

    /// The value after `name:` in a JavaScript object literal, unquoted.
    static func scriptValue(_ name: String, in script: String) -> String? {
        var searchStart = script.startIndex
        while let range = script[searchStart...].firstRange(of: name) {
            searchStart = range.upperBound
            if range.lowerBound > script.startIndex {
                let before = script[script.index(before: range.lowerBound)]
                if before.isLetter || before.isNumber { continue }
            }
            var rest = script[range.upperBound...].drop { $0 == " " || $0 == "\"" || $0 == "'" }
            guard rest.first == ":" || rest.first == "=" else { continue }
            rest = rest.dropFirst().drop { $0 == " " }
            if let quote = rest.first, quote == "'" || quote == "\"" {
                rest = rest.dropFirst()
                return String(rest.prefix { $0 != quote })
            }
            let value = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." || $0 == "/" }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    mutating func setProxy(href: String) {
        guard let absolute = URLResolver.resolve(href, against: base) else { return }
        var url = absolute
        if let question = absolute.firstIndex(of: "?") {
            url = String(absolute[..<question])
            for pair in absolute[absolute.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard let name = parts.first, !name.isEmpty else { continue }
                let value = parts.count > 1 ? String(parts[1]) : ""
                if name == "page" || name == "startrecord" || name == "endrecord" || name == "perpage" { continue }
                if parameters[String(name)] == nil { parameters[String(name)] = Self.percentDecoded(value) }
            }
        }
        proxy = ListingProxy(url: url, parameters: parameters, perPage: perPage)
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func listing(url: String?) -> Listing {
        var proxy = self.proxy
        if proxy == nil, !parameters.isEmpty, let proxyURL, let absolute = URLResolver.resolve(proxyURL, against: base)
        {
            proxy = ListingProxy(url: absolute, parameters: parameters, perPage: perPage)
        }
        return Listing(url: url, items: items, totalRecords: totalRecords, proxy: proxy)
    }
}

extension ListingExtractor {
    /// A cheap guess whether bytes are a listing rather than an article:
    /// a dataproxy answer, a datastore script, or a `/col/` URL.
    public static func isListingCandidate(_ bytes: UnsafeRawBufferPointer, url: String?) -> Bool {
        if looksLikeDatastoreXML(bytes) { return true }
        if let url, url.contains("/col/") || url.contains("dataproxy") { return true }
        return contains("<datastore", in: bytes)
    }

    static func contains(_ text: String, in bytes: UnsafeRawBufferPointer) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], zip(needle, bytes[index..<(index + needle.count)]).allSatisfy({ $0 == $1 }) {
                return true
            }
            index += 1
        }
        return false
    }
}
