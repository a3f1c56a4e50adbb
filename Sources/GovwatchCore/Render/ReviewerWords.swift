/// Words for reviewers, who read Chinese: metadata fields by the labels the
/// page itself uses, and the reasons behind unparsed reports and failing
/// sources in plain Chinese. Operator logs and the alert's `reason` field
/// keep the English originals.
public enum ReviewerWords {
    /// `publisher` → `发布机构`, as the page's metadata block names it.
    public static func fieldLabel(_ field: String) -> String {
        switch field {
        case "title": "标题"
        case "indexNumber": "索引号"
        case "category": "组配分类"
        case "publisher": "发布机构"
        case "generatedDate": "生成日期"
        case "disclosure": "公开方式"
        case "publishedAt": "发布日期"
        case "source": "来源"
        case "columnName": "栏目"
        case "attachments": "附件"
        default: field
        }
    }

    /// A file's size as reviewers read it: `812字节`, `5.8 KB`, `1.2 MB`.
    public static func fileSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes)字节" }
        let (value, unit) = bytes < 1 << 20 ? (Double(bytes) / 1024, "KB") : (Double(bytes) / 1_048_576, "MB")
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(unit)"
    }

    /// What a file is, in the words reviewers use (``AttachedFile/type``):
    /// `Word文档`, `Excel表格`, `PDF文件`, `网页`; nil when unknown.
    public static func fileType(_ type: String?) -> String? {
        switch type {
        case "docx", "doc": "Word文档"
        case "xlsx", "xls": "Excel表格"
        case "pdf": "PDF文件"
        case "html": "网页"
        default: nil
        }
    }

    /// A list of units as reviewers read it: `市建设局、市发改委`, or `（无）`.
    public static func units(_ list: [String]) -> String { list.isEmpty ? "（无）" : list.joined(separator: "、") }

    /// A reason for an unparsed report or a failing source, in Chinese.
    /// Reasons govwatch does not know become a neutral phrase; the original
    /// is in the alert's `reason` and in the log.
    public static func reason(_ english: String) -> String {
        if english.hasPrefix("no report table on the page, nor in its attachments") {
            // `…: "NAME": why; "NAME2": why`: a scan is named as one, else the first file.
            let parts = english.split(separator: "; \"")
            // The first part is `…attachments: "NAME": why`, the others `NAME": why`.
            let files = parts.enumerated().compactMap { index, part -> (name: Substring, why: Substring)? in
                guard index == 0 else { return Self.namedFile(part) }
                guard let open = part.firstIndex(of: "\"") else { return nil }
                return Self.namedFile(part[part.index(after: open)...])
            }
            if let scan = files.first(where: { $0.why.containsUTF8("unreadable: scanned") }) {
                return "页面中找不到任务表格；附件「\(scan.name)」是扫描件（只有图片，没有文字），无法读取其中的任务"
            }
            if let first = files.first {
                return "页面和附件中都找不到任务表格（附件「\(first.name)」无法读取或其中没有任务表格）"
            }
            return "页面和附件中都找不到任务表格"
        }
        // One file's own reason (the site's line for a file beside others that were read).
        if english.containsUTF8("unreadable: scanned") { return "此文件是扫描件（只有图片，没有文字），无法读取其中的任务" }
        if english.hasPrefix("attachment \"") || english.hasPrefix("not a .docx") {
            return "此文件无法读取或其中没有任务表格（详见运行日志）"
        }
        if english.hasPrefix("no report table") {
            // `…; the report may be in its attachment "NAME" (URL)…`
            if let start = english.firstRange(of: "its attachment \""),
                let end = english[start.upperBound...].firstIndex(of: "\"")
            {
                return "页面中找不到任务表格或任务清单；报告可能在附件「\(english[start.upperBound..<end])」中，暂不能读取附件"
            }
            return "页面中找不到任务表格或任务清单"
        }
        if english.hasPrefix("entries dropped from"), let counts = droppedCounts(english) {
            return "任务条目由\(counts.from)项骤减为\(counts.to)项，疑似页面未完整发布"
        }
        if english.hasPrefix("truncated page") { return "页面传输不完整" }
        if english.hasPrefix("not HTML") { return "返回的内容不是网页" }
        if english.hasPrefix("unreadable document") { return "页面无法读取" }
        if english.hasPrefix("listed but answers HTTP") { return "栏目仍列出该文章，但文章页无法打开" }
        if english.contains("article(s) could not be fetched") { return "部分文章暂时无法获取" }
        for (phrase, chinese) in fetchPhrases where english.hasPrefix(phrase) { return chinese }
        if english.hasPrefix("HTTP "), let status = english.dropFirst(5).split(separator: " ").first {
            return "网站返回错误（状态码\(status)）"
        }
        return "网站暂时无法访问（详见运行日志）"
    }

    /// `NAME": why` (the opening quote already passed): the name up to the
    /// next quote, and the rest.
    static func namedFile(_ part: Substring) -> (name: Substring, why: Substring)? {
        guard let close = part.firstIndex(of: "\"") else { return nil }
        return (part[..<close], part[close...])
    }

    /// Fetch failures as ``reason(_:)`` names them (FetchError's phrases).
    static let fetchPhrases: [(String, String)] = [
        ("host name not found", "域名无法解析"), ("cannot connect", "无法连接网站"), ("timed out", "访问超时"),
        ("TLS failed", "安全连接失败"), ("body too large", "页面过大，超出设定上限"),
        ("too many redirects", "跳转次数过多"), ("redirected to a scheme", "被跳转到非网页地址"),
        ("blocked by an anti-bot page", "被网站的防护页面拦截"), ("connection reset", "连接被网站中断"),
        ("body cut short", "页面传输不完整（连接提前关闭）"), ("response headers too large", "网站返回的响应头过大"),
        ("cancelled", "访问被取消"), ("fetch failed", "访问失败"),
    ]

    /// `entries dropped from 157 to 12` → (157, 12).
    static func droppedCounts(_ text: String) -> (from: Int, to: Int)? {
        let numbers = text.split { !$0.isNumber }.compactMap { Int($0) }
        return numbers.count >= 2 ? (numbers[0], numbers[1]) : nil
    }
}

extension ReviewerWords {
    /// A status class in reviewers' words.
    public static func statusLabel(_ state: EntryStatus.Class) -> String {
        switch state {
        case .done: "已完成"
        case .onTrack: "序时推进"
        case .lagging: "滞后"
        case .notStarted: "未启动"
        }
    }

    /// A task row's status: its class for the page's colours, its label,
    /// and the report's own words (shown on hover when they differ).
    public static func statusBadge(_ status: EntryStatus) -> [String: String] {
        let label = statusLabel(status.state)
        let source = status.from == .column ? "报告所列状态" : "据完成情况所述"
        return ["state": status.state.rawValue, "label": label, "text": "\(source)：\(status.text)"]
    }

    /// `状态：已完成3项，序时推进5项，滞后2项，未注明147项`: a report's tasks
    /// by status, in the order a supervisor reads them, unknown ones counted.
    public static func statusCounts(_ counts: [EntryStatus.Class: Int], of total: Int) -> String {
        let order: [EntryStatus.Class] = [.lagging, .notStarted, .onTrack, .done]
        var parts = order.compactMap { state in counts[state].map { "\(statusLabel(state))\($0)项" } }
        let unknown = total - counts.values.reduce(0, +)
        if unknown > 0 { parts.append("未注明\(unknown)项") }
        return "状态：" + parts.joined(separator: "，")
    }
}
