internal import CGovwatchLibXML2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A node of a ``MarkupDocument``. It keeps its document alive.
public struct MarkupNode: Equatable {
    /// Two values are equal when they are the same node of the same tree.
    public static func == (lhs: MarkupNode, rhs: MarkupNode) -> Bool { lhs.raw == rhs.raw }

    let document: MarkupDocument
    let raw: xmlNodePtr

    init(document: MarkupDocument, raw: xmlNodePtr) {
        self.document = document
        self.raw = raw
    }

    public var isElement: Bool { raw.pointee.type == XML_ELEMENT_NODE }
    public var isText: Bool { raw.pointee.type == XML_TEXT_NODE || raw.pointee.type == XML_CDATA_SECTION_NODE }

    /// The element name, lowercase for HTML; empty for text nodes.
    public var name: String {
        guard isElement, let name = raw.pointee.name else { return "" }
        return String(cString: name)
    }

    /// True when this is an element called `name` (lowercase ASCII).
    public func isElement(_ name: StaticString) -> Bool {
        guard raw.pointee.type == XML_ELEMENT_NODE, let own = raw.pointee.name else { return false }
        return strcmp(
            UnsafeRawPointer(own).assumingMemoryBound(to: CChar.self),
            UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    /// The value of attribute `name` (lowercase ASCII), entity references already decoded.
    public func attribute(_ name: String) -> String? {
        var attribute = raw.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name,
                strcasecmp(UnsafeRawPointer(attributeName).assumingMemoryBound(to: CChar.self), name) == 0
            {
                var value = ""
                var child = current.pointee.children
                while let node = child {
                    if let content = node.pointee.content { value += String(cString: content) }
                    child = node.pointee.next
                }
                return value
            }
            attribute = current.pointee.next
        }
        return nil
    }

    public var parent: MarkupNode? {
        guard let parent = raw.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return MarkupNode(document: document, raw: parent)
    }

    public var firstChild: MarkupNode? { raw.pointee.children.map { MarkupNode(document: document, raw: $0) } }
    public var nextSibling: MarkupNode? { raw.pointee.next.map { MarkupNode(document: document, raw: $0) } }
    public var previousSibling: MarkupNode? { raw.pointee.prev.map { MarkupNode(document: document, raw: $0) } }

    /// Direct children, including text nodes.
    public var children: [MarkupNode] {
        var result: [MarkupNode] = []
        var child = raw.pointee.children
        while let node = child {
            result.append(MarkupNode(document: document, raw: node))
            child = node.pointee.next
        }
        return result
    }

    /// Visits descendants depth-first in document order (not the node itself).
    /// `visit` returns false to skip a node's subtree.
    public func forEachDescendant(_ visit: (MarkupNode) -> Bool) {
        // Iterative walk: a 100,000-deep page must not overflow the stack.
        guard var node = raw.pointee.children else { return }
        while true {
            let descend = visit(MarkupNode(document: document, raw: node))
            // An entity reference's children are the entity's own nodes,
            // shared by every reference (and parented by its declaration):
            // walking them would expand an entity bomb and climb out of the tree.
            if descend, node.pointee.type != XML_ENTITY_REF_NODE, let child = node.pointee.children {
                node = child
                continue
            }
            while node.pointee.next == nil {
                guard let parent = node.pointee.parent, parent != raw else { return }
                node = parent
            }
            node = node.pointee.next!
        }
    }

    /// Descendant elements called `name`, in document order.
    public func descendants(_ name: StaticString) -> [MarkupNode] {
        var found: [MarkupNode] = []
        forEachDescendant { node in
            if node.isElement(name) { found.append(node) }
            return true
        }
        return found
    }

    /// The first descendant element for which `predicate` holds.
    public func firstDescendant(where predicate: (MarkupNode) -> Bool) -> MarkupNode? {
        var found: MarkupNode?
        forEachDescendant { node in
            if found != nil { return false }
            if node.isElement && predicate(node) {
                found = node
                return false
            }
            return true
        }
        return found
    }

    /// All text below this node (or the node's own text), without any cleaning.
    /// Script and style content is left out.
    public var text: String {
        if isText { return raw.pointee.content.map { String(cString: $0) } ?? "" }
        var bytes: [UInt8] = []
        forEachDescendant { node in
            if node.isText {
                node.appendContent(to: &bytes)
                return false
            }
            return !(node.isElement("script") || node.isElement("style"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text of a text or CDATA node, including script content, raw.
    public var rawContent: String {
        var bytes: [UInt8] = []
        var child = raw.pointee.children
        if isText { appendContent(to: &bytes) }
        while let node = child {
            MarkupNode(document: document, raw: node).appendContent(to: &bytes)
            child = node.pointee.next
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func appendContent(to bytes: inout [UInt8]) {
        guard raw.pointee.type == XML_TEXT_NODE || raw.pointee.type == XML_CDATA_SECTION_NODE,
            let content = raw.pointee.content
        else { return }
        let length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
        bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: length))
    }

    /// Calls `body` with the UTF-8 bytes of each paragraph of the text below
    /// this node, split at block boundaries: each `<p>`, `<div>`, `<li>`,
    /// heading and `<br>` starts a new paragraph. Text is not cleaned; nested
    /// tables are left out (they are read as tables of their own). No strings
    /// are made: callers that clean text build their one string straight
    /// from the bytes. The buffer is only valid during the call.
    ///
    /// It reuses `scratch`'s buffers: a table walk
    /// calls this for every cell, and growing fresh buffers for each cell
    /// was about a fifth of an article's allocations.
    public func forEachParagraph(scratch: inout ParagraphScratch, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withoutActuallyEscaping(body) { body in
            paragraphsWalk(&scratch, body)
        }
    }

    private func paragraphsWalk(_ scratch: inout ParagraphScratch, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        // Iterative, with an explicit stack of open elements to close.
        scratch.stack.removeAll(keepingCapacity: true)
        scratch.current.removeAll(keepingCapacity: true)
        func flush() {
            if !scratch.current.isEmpty { scratch.current.withUnsafeBufferPointer(body) }
            scratch.current.removeAll(keepingCapacity: true)
        }
        var next = raw.pointee.children
        while true {
            guard let node = next else {
                guard let (parent, isBlock) = scratch.stack.popLast() else { break }
                if isBlock { flush() }
                next = parent.pointee.next
                continue
            }
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                MarkupNode(document: document, raw: node).appendContent(to: &scratch.current)
                next = node.pointee.next
            case XML_ELEMENT_NODE:
                let kind = Self.blockKind(node)
                if kind == .skip {
                    next = node.pointee.next
                    continue
                }
                if kind == .lineBreak {
                    flush()
                    next = node.pointee.next
                    continue
                }
                if kind == .block { flush() }
                scratch.stack.append((node, kind == .block))
                next = node.pointee.children
            default:
                next = node.pointee.next
            }
        }
        flush()
    }

    /// True for paragraphs and phrasing elements (`p`, `span`, `font`, `b`,
    /// `strong`, `a` …), which hold text but never tables in parsed HTML.
    /// Walks looking for tables skip them: in Word-pasted pages they are
    /// most of the tree.
    public var holdsOnlyText: Bool {
        guard raw.pointee.type == XML_ELEMENT_NODE, let name = raw.pointee.name else { return false }
        let c = UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self)
        func equals(_ literal: StaticString) -> Bool {
            strcmp(
                UnsafeRawPointer(c).assumingMemoryBound(to: CChar.self),
                UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
        }
        switch c[0] {
        case UInt8(ascii: "p"): return c[1] == 0
        case UInt8(ascii: "s"):
            return equals("span") || equals("strong") || equals("sup") || equals("sub") || equals("small")
        case UInt8(ascii: "f"): return equals("font")
        case UInt8(ascii: "b"): return c[1] == 0 || equals("br")
        case UInt8(ascii: "a"): return c[1] == 0
        case UInt8(ascii: "i"): return c[1] == 0 || equals("img")
        case UInt8(ascii: "e"): return equals("em")
        case UInt8(ascii: "u"): return c[1] == 0
        case UInt8(ascii: "o"): return equals("o:p")
        default: return false
        }
    }

    enum BlockKind { case inline, block, lineBreak, skip }

    static func blockKind(_ node: xmlNodePtr) -> BlockKind {
        guard let name = node.pointee.name else { return .inline }
        let c = UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self)
        // Dispatch on the first byte: Word pages are mostly <span>, which must be cheap.
        func equals(_ literal: StaticString) -> Bool {
            strcmp(
                UnsafeRawPointer(c).assumingMemoryBound(to: CChar.self),
                UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
        }
        switch c[0] {
        case UInt8(ascii: "p"): return c[1] == 0 || equals("pre") ? .block : .inline
        case UInt8(ascii: "s"):
            if c[1] == UInt8(ascii: "p") { return .inline }  // span
            if equals("script") || equals("style") { return .skip }
            return equals("section") ? .block : .inline
        case UInt8(ascii: "b"):
            if c[1] == UInt8(ascii: "r") && c[2] == 0 { return .lineBreak }
            return equals("blockquote") ? .block : .inline
        case UInt8(ascii: "d"):
            return equals("div") || equals("dd") || equals("dt") || equals("dl") ? .block : .inline
        case UInt8(ascii: "t"):
            if equals("table") { return .skip }
            return equals("tr") || equals("td") || equals("th") ? .block : .inline
        case UInt8(ascii: "l"): return equals("li") ? .block : .inline
        case UInt8(ascii: "u"): return equals("ul") ? .block : .inline
        case UInt8(ascii: "o"): return equals("ol") ? .block : .inline
        case UInt8(ascii: "h"):
            if c[1] >= UInt8(ascii: "1") && c[1] <= UInt8(ascii: "6") && c[2] == 0 { return .block }
            return equals("head") ? .skip : .inline
        case UInt8(ascii: "a"): return equals("article") ? .block : .inline
        default: return .inline
        }
    }
}

/// Buffers ``MarkupNode/forEachParagraph(scratch:_:)`` keeps between calls.
/// Holds pointers into one document's tree only during a call.
public struct ParagraphScratch {
    var stack: [(node: xmlNodePtr, isBlock: Bool)] = []
    var current: [UInt8] = []

    public init() {
        current.reserveCapacity(1024)
    }
}
