import GovwatchCore
import GovwatchHTML

/// Files an article links to (附件): where a report that is not on the
/// page may be. govwatch does not read them yet; it names them, so that
/// `no report table` says where the report is.
extension ArticleExtractor {
    /// Extensions of the files governments attach their tables as.
    static let attachmentExtensions = ["docx", "doc", "xlsx", "xls", "pdf", "wps", "et"]

    /// The files `body` links to, by the name shown (the link's text, or
    /// the file's name in the URL), each once: links that name a file type
    /// first (at most 20), then downloads that name none (at most 10), each
    /// in page order, so a page's own files are never crowded out by its
    /// download links.
    static func attachments(in body: MarkupNode, url: String?) -> [(name: String, url: String)] {
        var typed: [(name: String, url: String)] = []
        var downloads: [(name: String, url: String)] = []
        var seen: Set<String> = []
        for link in body.descendants("a") where typed.count < 20 || downloads.count < 10 {
            guard let href = link.attribute("href"), ListingExtractor.isPageLink(href) else { continue }
            let text = DisplayText.clean(link.text)
            let isTyped = isAttachment(href) || isAttachment(text)
            guard isTyped ? typed.count < 20 : downloads.count < 10 && isDownload(href, text: text) else { continue }
            let absolute = url.flatMap { URLResolver.resolve(href, against: $0) } ?? href
            guard seen.insert(absolute).inserted else { continue }
            let shown = (name: String((text.isEmpty ? fileName(href) : text).prefix(80)), url: absolute)
            if isTyped { typed.append(shown) } else { downloads.append(shown) }
        }
        return typed + downloads
    }

    /// True when `text` names a file of an attachment type: a path or a
    /// query (`downfile.jsp?filename=x.docx`) or a link text ending so.
    /// `extensions`: the kinds looked for (all attachment kinds by default).
    static func isAttachment(_ text: String, extensions: [String] = attachmentExtensions) -> Bool {
        let lower = text.lowercased()
        return extensions.contains { ext in
            for range in lower.ranges(of: "." + ext) {
                let after = lower[range.upperBound...].first
                if after == nil || after == "&" || after == "?" || after == "#" || after == ")" || after == "）" {
                    return true
                }
            }
            return false
        }
    }

    /// True for a link that names no file type but is a CMS's download of
    /// one (`downfile.jsp?id=3`, `/attach/…`, `download.do?fileId=…`) or
    /// is shown as one (`附件1`): its kind is what the file's bytes say
    /// once fetched (``OfficeFile/kind(name:bytes:)``).
    static func isDownload(_ href: String, text: String) -> Bool {
        let lower = href.lowercased()
        // A page, a picture or an archive is not a report's file, whatever its link says.
        let path = lower.split(whereSeparator: { $0 == "?" || $0 == "#" }).first.map(String.init) ?? lower
        if let last = path.split(separator: "/").last, let dot = last.lastIndex(of: "."),
            notFiles.contains(String(last[last.index(after: dot)...]))
        {
            return false
        }
        return text.hasPrefix("附件")
            || ["downfile", "download", "/attach", "getfile", "filedown"].contains { lower.contains($0) }
    }

    /// Extensions of links that are never an attached report.
    static let notFiles: Set<String> = [
        "html", "htm", "shtml", "xhtml", "jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "zip", "rar", "7z", "gz",
        "mp4", "mp3", "avi", "css", "js",
    ]

    /// The last path or query component naming the file.
    static func fileName(_ href: String) -> String {
        let last = href.split(whereSeparator: { "/=&?".contains($0) }).last.map(String.init) ?? href
        return last.removingPercentEncodingIfPossible
    }

    /// What `no report table` adds when the page links to files.
    static func attachmentNote(_ files: [(name: String, url: String)]) -> String {
        guard let first = files.first else { return "" }
        let more = files.count > 1 ? " and \(Plural.count(files.count - 1, "more file"))" : ""
        let readable = files.contains { AttachmentLink(name: $0.name, url: $0.url).isReadable }
        return "; the report may be in its attachment \"\(first.name)\" (\(first.url))\(more)"
            + (readable ? "" : ", which govwatch does not read yet (it reads .docx, .xlsx, .doc, .xls and .pdf)")
    }
}

extension String {
    /// `%E5%AE%8C` decoded; the text itself when it is not percent-encoded UTF-8.
    fileprivate var removingPercentEncodingIfPossible: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%"), let end = utf8.index(index, offsetBy: 3, limitedBy: utf8.endIndex),
                let value = UInt8(String(self[utf8.index(after: index)..<end]), radix: 16)
            {
                bytes.append(value)
                index = end
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }
}
