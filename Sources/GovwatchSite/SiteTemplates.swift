import Mustache

/// The reviewer site's templates (Mustache: `{{x}}` is escaped, `{{{x}}}`
/// is not). Pages are self-contained: inline CSS, no script, no external
/// resource, readable on a phone and from `file://`.
enum SiteTemplates {
    static let layout = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{title}}</title>
        <style>{{{style}}}</style></head>
        <body>
        <nav><a href="{{root}}index.html">首页</a></nav>
        {{{body}}}
        <footer>生成时间 {{generatedAt}}</footer>
        </body></html>

        """

    static let index = """
        <h1>{{siteTitle}}</h1>
        <h2>最新变化</h2>
        {{^changes}}<p class="meta">暂无变化记录。</p>{{/changes}}
        <ul class="changes">{{#changes}}
        <li><span class="kind">{{kind}}</span>{{#report}}<a href="{{report}}">{{title}}</a>{{/report}}{{^report}}{{title}}{{/report}}
        <br><span class="meta">{{time}}　{{summary}}</span></li>{{/changes}}
        </ul>
        <h2>监测来源</h2>
        <table><tr><th>来源</th><th>状态</th><th>最近成功</th></tr>{{#sources}}
        <tr><td>{{name}}</td><td class="{{statusClass}}">{{status}}</td><td>{{lastSuccess}}</td></tr>{{/sources}}
        </table>
        <h2>报告</h2>{{#series}}
        <h3>{{name}}</h3><ul>{{#reports}}
        <li><a href="{{page}}">{{title}}</a> <span class="meta">{{published}}　{{entryCount}}项任务{{#assignment}}（责任分解）{{/assignment}}</span></li>{{/reports}}
        </ul>{{/series}}
        <h2>牵头单位</h2><p class="units">{{#units}}<a href="{{page}}">{{name}}</a>（{{count}}） {{/units}}</p>

        """

    static let report = """
        <h1>{{title}}</h1>
        <p class="meta">{{published}}　{{entryCount}}项任务{{#assignment}}（责任分解，无完成情况）{{/assignment}}<br>
        <a href="{{url}}">查看原文</a>{{#previous}}　上一期：<a href="{{page}}">{{title}}</a>{{/previous}}{{#next}}　下一期：<a href="{{page}}">{{title}}</a>{{/next}}</p>
        <table class="entries"><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>完成情况</th></tr>{{#entries}}
        {{#sectionTitle}}<tr><td colspan="4" class="section">{{sectionTitle}}</td></tr>{{/sectionTitle}}
        <tr><td>{{number}}</td><td>{{task}}</td><td>{{#leads}}<a href="{{page}}">{{name}}</a> {{/leads}}{{#supporting}}<br><span class="meta">配合：{{supporting}}</span>{{/supporting}}</td>
        <td><ol>{{#progress}}<li>{{.}}</li>{{/progress}}</ol></td></tr>{{/entries}}
        </table>

        """

    static let unit = """
        <h1>{{name}}</h1>
        <p class="meta">牵头的任务：{{count}}项（各系列最新一期）</p>
        {{#series}}<h2>{{title}}</h2>
        <ul>{{#tasks}}<li><strong>{{number}} {{task}}</strong>{{#unchanged}} <span class="stale">进展未更新</span>{{/unchanged}}
        <ol>{{#progress}}<li>{{.}}</li>{{/progress}}</ol></li>{{/tasks}}</ul>{{/series}}

        """

    static let style = """
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0 auto;
        max-width:60rem;padding:1rem;line-height:1.7;color:#1d1d1f;background:#fff}
        h1{font-size:1.4rem}h2{font-size:1.15rem;border-top:1px solid #ddd;padding-top:.6rem}h3{font-size:1rem}
        .meta,footer{color:#666;font-size:.9rem}nav{font-size:.9rem;margin-bottom:.5rem}
        .kind{display:inline-block;padding:0 .4rem;border-radius:.3rem;background:#eef;color:#225;font-size:.85rem;margin-right:.4rem}
        table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.3rem .4rem;vertical-align:top;text-align:left}
        th{background:#f4f4f8}.section{background:#f8f8f0;font-weight:bold}.failing{color:#a11}.ok{color:#176b2c}
        .stale{background:#fff3cd;color:#6b4e00;padding:0 .3rem;border-radius:.2rem;font-size:.85rem}
        ol{margin:0;padding-left:1.2rem}a{color:#1a5fb4;word-break:break-all}
        @media (max-width:40rem){td,th{font-size:.9rem}}
        """

    /// All templates, parsed once. They are constants of this file: a
    /// parse error is a programming error, found by any test that renders.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("layout", layout), ("index", index), ("report", report), ("unit", unit)] {
            // swift-format-ignore: NeverUseForceTry
            try! library.register(text, named: name)
        }
        return library
    }()
}
