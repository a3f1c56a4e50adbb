import GovwatchCore
import GovwatchHTML

/// The next page of a paged list on another CMS, as the page itself names it.
extension ListingExtractor {
    /// The next listing page `root` names, absolute and on `url`'s host:
    /// TRS WCM's `createPageHTML(total, current, "index", "html")` (page
    /// `current` counts from 0, page n > 0 is `index_n.html`), else a
    /// `rel="next"` link, else a link reading 下一页. Nil on the last page.
    static func nextPage(in root: MarkupNode, url: String?) -> String? {
        var found: String?
        pagers: for script in root.descendants("script") {
            let content = script.rawContent
            for call in content.ranges(of: "createPageHTML(") {
                // `function createPageHTML(_nPageCount, …)` defines the pager; the call follows.
                if content[..<call.lowerBound].hasSuffix("function ") { continue }
                switch trsNextPage(arguments: content[call.upperBound...], script: content) {
                case let .next(page):
                    found = page
                    break pagers
                case .last: return nil  // the pager says this page is its last
                case .unread: continue
                }
            }
        }
        if found == nil {
            for node in root.descendants("a") + root.descendants("link") {
                let rel = node.attribute("rel")?.lowercased()
                let text = DisplayText.clean(node.text)
                guard rel == "next" || text == "下一页" || text == "下页" || text == "下一頁" || text == "下一页>" else {
                    continue
                }
                guard let href = node.attribute("href"), ListingExtractor.isPageLink(href) else {
                    continue
                }
                found = href
                break
            }
        }
        guard let found, let absolute = URLResolver.resolve(found, against: url), absolute != url else { return nil }
        if let url, URLSyntax.hostKey(of: absolute) != URLSyntax.hostKey(of: url) { return nil }
        return absolute
    }

    enum PagerReading: Equatable {
        case next(String)
        /// This page is the pager's last.
        case last
        /// The call's arguments could not be read.
        case unread
    }

    /// `5, 0, "index", "html")` → `index_1.html`; `.last` when `current`
    /// is the last of `total`. Some templates put a container id first and
    /// a record count last (`'page_div',5,1,'index','html',68`): the first
    /// two numbers are total and current, the last two strings the name.
    /// A variable argument (`createPageHTML(countPage, currentPage, …)`)
    /// is read from its `var countPage = 5` in `script`.
    static func trsNextPage(arguments: Substring, script: String) -> PagerReading {
        let list = arguments.prefix { $0 != ")" }
        var numbers: [Int] = []
        var strings: [String] = []
        for argument in list.split(separator: ",") {
            let trimmed = String(argument).trimmingCharacters(in: " \t\r\n")
            if let number = Int(trimmed) ?? variable(trimmed, in: script) {
                numbers.append(number)
            } else if let quote = trimmed.first, quote == "\"" || quote == "'", trimmed.count >= 2 {
                strings.append(String(trimmed.dropFirst().dropLast()))
            }
        }
        guard numbers.count >= 2, strings.count >= 2 else { return .unread }
        let (total, current) = (numbers[0], numbers[1])
        guard current >= 0, current + 1 < total else { return .last }
        let name = strings[strings.count - 2]
        let suffix = strings[strings.count - 1]
        guard !name.isEmpty, !suffix.isEmpty, !name.contains("/"), !suffix.contains("/") else { return .unread }
        return .next("\(name)_\(current + 1).\(suffix)")
    }

    /// The number a script assigns to `name` (`var countPage = 5;`), if any.
    static func variable(_ name: String, in script: String) -> Int? {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        for range in script.ranges(of: name) {
            var rest = script[range.upperBound...].drop { $0 == " " }
            guard rest.first == "=" else { continue }
            rest = rest.dropFirst().drop { $0 == " " }
            if let value = Int(rest.prefix { $0.isNumber }) { return value }
        }
        return nil
    }
}
