/// Renders extracted articles and listings as Markdown for people to read.
public enum MarkdownRenderer {
    public static func render(_ article: Article) -> String {
        var lines: [String] = []
        lines.append("# " + escapeInline(article.title ?? "(untitled)"))
        lines.append("")
        let fields: [(String, String?)] = [
            ("索引号", article.indexNumber), ("组配分类", article.category), ("发布机构", article.publisher),
            ("生成日期", article.generatedDate), ("公开方式", article.disclosure), ("发布日期", article.publishedAt),
            ("来源", article.source), ("栏目", article.columnName), ("URL", article.url),
        ]
        for (label, value) in fields {
            if let value { lines.append("- \(label): \(escapeInline(value))") }
        }
        lines.append("- 条目: \(article.entries.count)")
        if article.kind == .assignment { lines.append("- 类型: 责任分解（无完成情况）") }
        let extraNames = orderedExtraNames(article)
        // A supporting-unit column only for reports that name some.
        let supporting = article.entries.contains { !$0.supportingUnits.isEmpty }
        var section: String?? = .none
        for entry in article.entries {
            if section != .some(entry.section) {
                section = .some(entry.section)
                lines.append("")
                if let title = entry.section {
                    lines.append("## " + escapeInline(title))
                    lines.append("")
                }
                var header = "| 序号 | 工作内容 | 牵头单位 |" + (supporting ? " 配合单位 |" : "") + " 完成情况 |"
                var rule = "|---:|---|---|" + (supporting ? "---|" : "") + "---|"
                for name in extraNames {
                    header += " \(escapeCell(name)) |"
                    rule += "---|"
                }
                lines.append(header)
                lines.append(rule)
            }
            var row = "| \(escapeCell(entry.number ?? "")) | \(escapeCell(entry.task)) | "
            row += escapeCell(entry.leadUnits.joined(separator: "、")) + " | "
            if supporting { row += escapeCell(entry.supportingUnits.joined(separator: "、")) + " | " }
            row +=
                entry.progress.enumerated().map { index, item in
                    (entry.progress.count > 1 ? "\(index + 1). " : "") + escapeCell(item)
                }.joined(separator: "<br>") + " |"
            for name in extraNames { row += " \(escapeCell(entry.extras[name] ?? "")) |" }
            lines.append(row)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func render(_ listing: Listing) -> String {
        var lines: [String] = []
        // In Chinese, as the article Markdown is: reviewers read both.
        lines.append("# 栏目文章列表" + (listing.url.map { "：" + escapeInline($0) } ?? ""))
        lines.append("")
        if let total = listing.totalRecords { lines.append("- 栏目共\(total)篇") }
        if let proxy = listing.proxy { lines.append("- 翻页地址：\(escapeInline(proxy.url))") }
        lines.append("- 本页\(listing.items.count)篇")
        lines.append("")
        lines.append("| 日期 | 标题 | 链接 |")
        lines.append("|---|---|---|")
        for item in listing.items {
            lines.append("| \(item.date ?? "") | \(escapeCell(item.title ?? "")) | \(escapeCell(item.url)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func orderedExtraNames(_ article: Article) -> [String] {
        var names: [String] = []
        for table in article.tables {
            for (index, role) in table.roles.enumerated() where role == .extra {
                let name = table.header[index]
                if !name.isEmpty && !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    static func escapeCell(_ text: String) -> String {
        escapeInline(text).replacing("|", with: "\\|").replacing("\n", with: "<br>")
    }

    static func escapeInline(_ text: String) -> String {
        text.replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}
