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
        for script in root.descendants("script") {
            let content = script.rawContent
            guard let range = content.firstRange(of: "createPageHTML(") else { continue }
            // The pager names no next page when this page is its last.
            guard let next = trsNextPage(arguments: content[range.upperBound...]) else { return nil }
            found = next
            break
        }
        if found == nil {
            for node in root.descendants("a") + root.descendants("link") {
                let rel = node.attribute("rel")?.lowercased()
                let text = DisplayText.clean(node.text)
                guard rel == "next" || text == "下一页" || text == "下页" || text == "下一頁" || text == "下一页>" else {
                    continue
                }
                guard let href = node.attribute("href"), !href.hasPrefix("javascript:"), !href.hasPrefix("#") else {
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

    /// `5, 0, "index", "html")` → `index_1.html`; nil when `current` is the
    /// last of `total`. Some templates put a container id first and a
    /// record count last (`'page_div',5,1,'index','html',68`): the first
    /// two numbers are total and current, the last two strings the name.
    static func trsNextPage(arguments: Substring) -> String? {
        let list = arguments.prefix { $0 != ")" }
        var numbers: [Int] = []
        var strings: [String] = []
        for argument in list.split(separator: ",") {
            let trimmed = String(argument).trimmingCharacters(in: " \t\r\n")
            if let number = Int(trimmed) {
                numbers.append(number)
            } else if let quote = trimmed.first, quote == "\"" || quote == "'", trimmed.count >= 2 {
                strings.append(String(trimmed.dropFirst().dropLast()))
            }
        }
        guard numbers.count >= 2, strings.count >= 2 else { return nil }
        let (total, current) = (numbers[0], numbers[1])
        guard current >= 0, current + 1 < total else { return nil }
        let name = strings[strings.count - 2]
        let suffix = strings[strings.count - 1]
        guard !name.isEmpty, !suffix.isEmpty, !name.contains("/"), !suffix.contains("/") else { return nil }
        return "\(name)_\(current + 1).\(suffix)"
    }
}
