import GovwatchCore
import GovwatchHTML

/// The article body of a template govwatch does not know: the largest
/// block of text on the page.
extension ArticleExtractor {
    /// Descends from `<body>` into the child block that holds most of the
    /// text while there is one (``mainShare`` or more of it, and three
    /// times as much as any other child): the smallest block holding most
    /// of the page's text, without the navigation, sidebars and footer
    /// around it. A page whose text is spread over several blocks of like
    /// size keeps the one that holds them all.
    static func largestTextBlock(in root: MarkupNode) -> MarkupNode {
        var block = root.firstDescendant { $0.isElement("body") } ?? root
        var weight = textWeight(of: block)
        while weight > 0 {
            var heaviest: (node: MarkupNode, weight: Int)?
            var runnerUp = 0
            var child = block.firstChild
            while let node = child {
                if Self.isBlockContainer(node) {
                    let childWeight = textWeight(of: node)
                    if childWeight > (heaviest?.weight ?? 0) {
                        runnerUp = heaviest?.weight ?? 0
                        heaviest = (node, childWeight)
                    } else {
                        runnerUp = max(runnerUp, childWeight)
                    }
                }
                child = node.nextSibling
            }
            guard let heaviest, heaviest.weight * 100 >= weight * mainShare, heaviest.weight >= runnerUp * 3 else {
                break
            }
            block = heaviest.node
            weight = heaviest.weight
        }
        return block
    }

    /// The elements the body may be: blocks that hold paragraphs, never a
    /// paragraph itself (one long task among short ones is not the body),
    /// nor a script, style or template (their text is code).
    static func isBlockContainer(_ node: MarkupNode) -> Bool {
        node.isElement("div") || node.isElement("section") || node.isElement("article") || node.isElement("main")
            || node.isElement("td") || node.isElement("table") || node.isElement("tbody") || node.isElement("tr")
            || node.isElement("form") || node.isElement("center")
    }

    /// The share of its parent's text, in percent, a block must hold to be
    /// the body in its parent's place.
    static let mainShare = 60

    /// Bytes of text below `node` that are not whitespace.
    static func textWeight(of node: MarkupNode) -> Int {
        var weight = 0
        node.forEachDescendant { child in
            if child.isText {
                weight += child.text.utf8.reduce(0) { $0 + ($1 > 0x20 ? 1 : 0) }
            }
            return child.isElement && !child.isElement("script") && !child.isElement("style")
                && !child.isElement("noscript") && !child.isElement("template")
        }
        return weight
    }
}
