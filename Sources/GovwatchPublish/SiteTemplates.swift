import GovwatchCore
import Mustache

/// The frame and style every page of the site shares, and the library of
/// all templates (Mustache: `{{x}}` is escaped, `{{{x}}}` is not, and is
/// only ever given HTML this module escaped). Pages are self-contained:
/// inline CSS, no external resource, readable on a phone and from
/// `file://`; only the search page has a script, and every page, that one
/// included, works without it.
enum SiteTemplates {
    static let layout = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{title}}</title>
        <style>{{{style}}}</style></head>
        <body>
        {{#root}}<nav><a href="{{root}}index.html">首页</a>　<a href="{{root}}search.html">搜索</a>　<a href="{{root}}lagging.html">滞后任务</a></nav>{{/root}}
        {{{body}}}
        {{#generatedAt}}<footer>生成时间 {{generatedAt}}</footer>{{/generatedAt}}
        </body></html>

        """

    static let style = """
        :root{color-scheme:light dark}
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
        "WenQuanYi Micro Hei",sans-serif;margin:0 auto;max-width:60rem;padding:1rem;line-height:1.7;font-size:16px;
        color:#1d1d1f;background:#fff}
        h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.15rem;margin:1.6rem 0 .4rem;padding-top:.8rem;
        border-top:1px solid #ddd}h3{font-size:1rem;margin:1rem 0 .3rem}
        .meta,footer{color:#666;font-size:.9rem}nav{font-size:.9rem;margin-bottom:.5rem}footer{margin-top:2rem}
        .kind{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eef;color:#225;font-size:.85rem;
        margin-right:.4rem}.entry{border-left:3px solid #ccd;padding-left:.7rem;margin:.8rem 0}
        ins{background:#d7f5dd;color:#0a3d17;text-decoration:none;border-bottom:2px solid #2e9d4a}
        del{background:#fbe0e0;color:#6b1111;text-decoration:line-through}
        table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3rem .4rem;vertical-align:top;
        text-align:left}th{background:#f4f4f8}.section{background:#f8f8f0;font-weight:bold}
        .failing{color:#a11}.ok{color:#176b2c}.stale,.edited{padding:0 .3rem;border-radius:.2rem;font-size:.85rem;
        white-space:nowrap}.stale{background:#fff3cd;color:#6b4e00}.edited{background:#fde2e2;color:#7a1f1f}
        .status{padding:0 .3rem;border-radius:.2rem;font-size:.85rem;white-space:nowrap;border:1px solid}
        .status.done{color:#176b2c}.status.on_track{color:#1a5fb4}.status.lagging{color:#a11;font-weight:bold}
        .status.not_started{color:#6b4e00}.overdue{padding:0 .3rem;border-radius:.2rem;font-size:.85rem;
        background:#c01c28;color:#fff}
        .mark{padding:0 .3rem;border-radius:.2rem;font-size:.85rem;white-space:nowrap}.mark.moved{background:#d7f5dd;
        color:#0a3d17}.mark.unchanged{background:#fff3cd;color:#6b4e00}.mark.listed{background:#e3ebfb;color:#1a3d7a}
        .earlier summary{cursor:pointer}.earlier p{margin:.1rem 0 .5rem 1.2rem;font-size:.9rem}
        .only{display:none;background:#fff8c5;color:#1d1d1f;padding:.3rem .6rem;border-radius:.3rem}
        .only:target{display:block}.only:target~table.entries tr.sec{display:none}
        #only-moved:target~table.entries tr.row:not(.r-moved),#only-unchanged:target~table.entries tr.row:not(.r-unchanged),
        #only-listed:target~table.entries tr.row:not(.r-listed),#only-edited:target~table.entries tr.row:not(.r-edited)
        {display:none}tr:target>td{background:#fff8c5}
        .chart{margin:.5rem 0;max-width:40rem}.chart svg{display:block;width:100%;height:1.4rem}.chart svg.line{height:auto}
        figcaption{font-size:.85rem;color:#666}.legend{font-size:.85rem}.key{display:inline-block;width:.75rem;
        height:.75rem;margin-right:.2rem;vertical-align:-.05rem}.c-lagging{fill:#c01c28;background:#c01c28}
        .c-not_started{fill:#e5a50a;background:#e5a50a}.c-on_track{fill:#3584e4;background:#3584e4}
        .c-done{fill:#26a269;background:#26a269}.c-unknown{fill:#c0bfbc;background:#c0bfbc}
        .c-moved{fill:#26a269;background:#26a269}.c-unchanged{fill:#f6d32d;background:#f6d32d}
        .c-listed{fill:#62a0ea;background:#62a0ea}.c-report{fill:#1a5fb4}.axis{stroke:#999;stroke-width:2}
        .hrow{display:flex;align-items:center;gap:.4rem;margin:.15rem 0}.hlabel{flex:0 0 5rem;font-size:.85rem}
        .hrow svg{flex:1}
        ol,ul{margin:0;padding-left:1.2rem}li{margin:.2rem 0}a{color:#1a5fb4;word-break:break-all}
        input[type=search]{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}
        @media (max-width:40rem){body{padding:.6rem}table.entries tr{display:block;border:1px solid #ddd;
        margin:.6rem 0}table.entries th{display:none}table.entries td{display:block;border:0;padding:.2rem .4rem}
        table.entries td[data-label]::before{content:attr(data-label)"：";color:#666;font-size:.85rem}}
        @media (prefers-color-scheme:dark){body{background:#111;color:#eee}.meta,footer{color:#aaa}
        th{background:#222}.section{background:#2a2a20}td,th{border-color:#444}ins{background:#0f3d1c;color:#c9f5d3}
        del{background:#4a1414;color:#f5caca}.kind{background:#223;color:#ccf}a{color:#8ab4f8}}
        """

    /// All templates, parsed once. They are constants of this module: a
    /// parse error is a programming error, found by any test that renders.
    static let library: MustacheLibrary = {
        MustacheContentTypes.register(SiteHTML(), named: SiteHTML.name)
        var library = MustacheLibrary()
        let templates = [
            ("layout", layout), ("index", PageTemplates.index), ("report", PageTemplates.report),
            ("task", PageTemplates.task), ("unit", PageTemplates.unit), ("changes", PageTemplates.changes),
            ("document", PageTemplates.document), ("entry", PageTemplates.entry), ("search", PageTemplates.search),
            ("lagging", PageTemplates.lagging),
        ]
        for (name, text) in templates {
            // swift-format-ignore: NeverUseForceTry
            try! library.register("{{% CONTENT_TYPE: \(SiteHTML.name)}}" + text, named: name)
        }
        return library
    }()

    /// A whole page: `body` rendered from `template`, in the layout.
    /// `root` leads back to the top of the site (`../../`); nil leaves out
    /// the navigation (a change log printed by `govwatch changes`).
    static func page(
        _ template: String, title: String, root: String?, generatedAt: String?, _ context: [String: Any]
    ) -> String {
        let body = library.render(context, withTemplate: template) ?? ""
        return frame(title: title, body: body, root: root.map { $0.isEmpty ? "./" : $0 }, generatedAt: generatedAt)
    }

    /// ``layout`` filled in directly: every page of a site goes through it,
    /// and Mustache's lookups (a dynamic cast each) cost more than the
    /// page's own few. The same HTML as the template (a test compares).
    static func frame(title: String, body: String, root: String?, generatedAt: String?) -> String {
        let escape = SiteHTML().escapeText
        var html = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
        html.reserveCapacity(body.utf8.count + style.utf8.count + 512)
        html += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n"
        html += "<title>\(escape(title))</title>\n<style>\(style)</style></head>\n<body>\n"
        if let root {
            let top = escape(root)
            html += "<nav><a href=\"\(top)index.html\">首页</a>　<a href=\"\(top)search.html\">搜索</a>　"
            html += "<a href=\"\(top)lagging.html\">滞后任务</a></nav>"
        }
        html += "\n" + body + "\n"
        if let generatedAt { html += "<footer>生成时间 \(escape(generatedAt))</footer>" }
        html += "\n</body></html>\n"
        return html
    }
}

/// HTML escaping for `{{x}}`, as ``ChangeLogRenderer/html(_:)`` escapes
/// (so control characters are dropped too; U+FFFE and U+FFFF, which only
/// XML forbids, pass in text that needs no other change). swift-mustache's own escape
/// walks every Character; a site of 1,000 reports spent a sixth of its
/// build there, on Chinese text that almost never needs a change. Text
/// without a byte to escape is returned as it is.
struct SiteHTML: MustacheContentType {
    static let name = "GOVWATCH_HTML"

    func escapeText(_ text: String) -> String {
        // Over the string's bytes in place where it has them: through
        // `utf8` a byte at a time cost several times as much (callgrind).
        let clean =
            text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(Self.needsNoChange) }
            ?? text.utf8.allSatisfy(Self.needsNoChange)
        return clean ? text : ChangeLogRenderer.html(text)
    }

    static func needsNoChange(_ byte: UInt8) -> Bool {
        byte >= 0x20
            ? byte != 0x3C && byte != 0x3E && byte != 0x26 && byte != 0x22 && byte != 0x27
            : byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
