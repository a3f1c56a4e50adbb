/// The bodies of the site's pages. Contexts are built by the page types
/// (``SeriesPages``, ``UnitPages``, ``ChangeLogPages``, ``IndexPage``);
/// every link in them is relative, so the site works from any folder.
enum PageTemplates {
    static let index = """
        <h1>{{siteTitle}}</h1>
        <form action="search.html" method="get"><input type="search" name="q" placeholder="搜索任务或单位" aria-label="搜索任务或单位"></form>
        <p><a href="lagging.html">滞后任务</a>{{#laggingCount}}：各系列最新一期中{{laggingCount}}项{{/laggingCount}}</p>
        <h2>最新变化</h2>
        {{^changes}}<p class="meta">暂无变化记录。</p>{{/changes}}
        <ul>{{#changes}}
        <li><span class="kind">{{kind}}</span>{{#page}}<a href="{{page}}">{{title}}</a>{{/page}}{{^page}}{{title}}{{/page}}
        <br><span class="meta">{{time}}　{{summary}}</span></li>{{/changes}}
        </ul>
        {{#hasMonths}}<p>变更记录：{{#months}}<a href="{{page}}">{{name}}</a>　{{/months}}<a href="feed.atom">订阅提醒（供阅读器订阅）</a></p>{{/hasMonths}}
        <h2>监测来源</h2>
        <table><tr><th>来源</th><th>状态</th><th>最近成功</th></tr>{{#sources}}
        <tr><td>{{name}}</td><td class="{{statusClass}}">{{status}}{{#quiet}}<br><span class="meta">{{quiet}}</span>{{/quiet}}</td><td>{{lastSuccess}}</td></tr>{{/sources}}
        </table>
        <h2>报告</h2>{{^series}}<p class="meta">尚无报告。</p>{{/series}}{{#series}}
        <h3>{{title}}{{#overdue}} <span class="overdue">逾期</span>{{/overdue}}</h3>{{#overdue}}<p class="meta">{{overdue}}</p>{{/overdue}}{{{timeline}}}<ul>{{#reports}}
        <li><a href="{{page}}">{{title}}</a> <span class="meta">{{published}}　{{entryCount}}项任务{{#assignment}}（责任分解）{{/assignment}}</span></li>{{/reports}}
        </ul><p class="meta"><a href="{{workbook}}" download="{{title}}.xlsx">下载本系列（Excel）</a></p>{{/series}}
        <h2>牵头单位</h2><p>{{#units}}<a href="{{page}}">{{name}}</a>（{{count}}）　{{/units}}</p>

        """

    static let report = """
        <h1>{{title}}</h1>
        <p class="meta">{{published}}　{{entryCount}}项任务{{#assignment}}（责任分解，无完成情况）{{/assignment}}{{#editedCount}}　其中<a href="#only-edited">{{editedCount}}项发布后有修改</a>{{/editedCount}}{{#hasMovement}}<br>较上一期：{{#movementCounts}}{{#link}}<a href="#{{link}}">{{text}}</a>{{/link}}{{^link}}{{text}}{{/link}}{{^last}}，{{/last}}{{/movementCounts}}{{/hasMovement}}{{#statusCounts}}<br>{{statusCounts}}{{/statusCounts}}<br>
        <a href="{{url}}">查看原文</a>　<a href="{{csv}}" download="{{title}}.csv">下载表格（CSV，可用Excel打开）</a>　<a href="{{workbook}}" download="{{seriesTitle}}.xlsx">下载本系列（Excel）</a>
        {{#attachments}}<br>附件：<a href="{{url}}">{{name}}</a>{{#size}}（{{size}}）{{/size}}　{{read}}{{/attachments}}
        {{#previous}}<br>上一期：<a href="{{page}}">{{title}}</a>{{/previous}}{{#next}}<br>下一期：<a href="{{page}}">{{title}}</a>{{/next}}</p>
        {{{charts}}}
        {{#filters}}<p class="only" id="{{id}}">{{text}}。<a href="#">显示全部{{entryCount}}项</a></p>
        {{/filters}}<table class="entries"><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>完成情况</th></tr>{{{rows}}}
        </table>

        """

    static let lagging = """
        <h1>滞后任务</h1>
        <p class="meta">各系列最新一期报告中写明滞后的任务：{{count}}项{{#seriesCount}}，见于{{seriesCount}}个系列{{/seriesCount}}。只列出报告自己写明的（完成状态一栏写“滞后”，或完成情况写明“进度滞后”等）；报告未注明状态的任务不在此列。</p>
        {{^series}}<p>各系列最新一期报告中没有写明滞后的任务。</p>{{/series}}{{#series}}
        <h2>{{title}}</h2><p class="meta"><a href="{{reportPage}}">{{reportTitle}}</a>　滞后{{count}}项</p>
        <table class="entries"><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>完成情况</th></tr>{{#tasks}}
        <tr><td data-label="序号">{{number}}</td><td data-label="任务"><a href="{{taskPage}}">{{task}}</a>{{#status}} <span class="status {{state}}" title="{{text}}">{{label}}</span><br><span class="meta">{{text}}</span>{{/status}}</td>
        <td data-label="牵头单位">{{#leads}}<a href="{{page}}">{{name}}</a> {{/leads}}</td>
        <td data-label="完成情况"><ol>{{#progress}}<li>{{.}}</li>{{/progress}}</ol></td></tr>{{/tasks}}
        </table>{{/series}}

        """

    static let task = """
        <h1>{{task}}</h1>
        <p class="meta">{{#seriesTitle}}{{seriesTitle}}　{{/seriesTitle}}见于{{reportCount}}期报告{{#hasLeads}}　牵头单位：{{#taskLeads}}<a href="{{page}}">{{name}}</a> {{/taskLeads}}{{/hasLeads}}</p>
        <h2>各期进展</h2>{{#recentCount}}
        <p class="meta">更早的{{earlierCount}}期按发布年份分组列出，点击年份可展开或收起；最近{{recentCount}}期的进展列在其后。</p>{{{earlier}}}{{/recentCount}}{{{reports}}}
        <h2 id="edits">发布后的修改</h2>
        {{^edits}}<p class="meta">各期报告发布后，这项任务没有被修改过。</p>{{/edits}}{{#edits}}
        <div class="entry"><h3>{{time}}　{{change}}　{{report}}</h3>{{> entry}}</div>{{/edits}}

        """

    static let unit = """
        <h1>{{name}}</h1>
        {{#aliases}}<p class="meta">报告中也写作：{{aliases}}（同一单位，任务合并列出）</p>{{/aliases}}
        <p class="meta">牵头的任务：{{count}}项（各系列中见于的最新一期）{{#stale}}，其中<span class="stale">进展未更新</span>{{stale}}项{{/stale}}{{#statusCounts}}<br>{{statusCounts}}{{/statusCounts}}<br>
        <a href="{{csv}}" download="{{name}}.csv">下载表格（CSV，可用Excel打开）</a></p>
        {{#earlierSeries}}<p class="meta">这里列出最近{{shownSeries}}个系列；另有{{earlierSeries}}个更早的系列也有本单位牵头的任务，见首页各系列的报告。</p>{{/earlierSeries}}
        {{#series}}<h2>{{title}}</h2>
        <p class="meta">见于：<a href="{{reportPage}}">{{reportTitle}}</a></p>{{{chart}}}
        <ul>{{{tasks}}}</ul>{{/series}}

        """

    /// A change log: `govwatch changes --format html` and a month of the site.
    static let changes = """
        <h1>{{heading}}</h1>
        <p class="meta">{{#generatedAt}}生成时间 {{generatedAt}}，{{/generatedAt}}{{count}}条记录</p>
        {{#unitHeading}}<h2>{{unitHeading}}</h2>{{#unitTasks}}
        <div class="entry"><h3>{{number}} {{task}}</h3><p class="meta">{{report}}</p><ul>{{#progress}}<li>{{.}}</li>{{/progress}}</ul></div>{{/unitTasks}}{{/unitHeading}}
        {{#documents}}{{> document}}{{/documents}}

        """

    static let document = """
        <h2><span class="kind">{{kind}}</span>{{#page}}<a href="{{page}}">{{title}}</a>{{/page}}{{^page}}{{title}}{{/page}}</h2>
        <p class="meta">{{summary}}<br>{{time}}　{{source}}{{#url}}<br><a href="{{url}}">查看原文</a>{{/url}}{{#previous}}<br>上一期：{{previous}}{{/previous}}</p>
        {{#fields}}<p>{{label}}：{{{html}}}</p>{{/fields}}
        {{#entries}}<div class="entry"><h3>{{change}}　{{number}}{{#taskPage}}<a href="{{taskPage}}">{{task}}</a>{{/taskPage}}{{^taskPage}}{{task}}{{/taskPage}}</h3>
        {{> entry}}</div>
        {{/entries}}
        """

    /// What changed in one entry; its marked text is HTML this module escaped.
    static let entry = """
        {{#leads}}<p class="meta">牵头单位：{{{leads}}}</p>{{/leads}}{{#supporting}}<p class="meta">配合单位：{{{supporting}}}</p>{{/supporting}}{{#status}}<p class="meta">状态：{{{status}}}</p>{{/status}}{{#attachment}}<p class="meta">读自附件：{{attachment}}</p>{{/attachment}}
        {{#taskDiff}}<p>任务：{{{taskDiff}}}</p>{{/taskDiff}}{{#hasItems}}<ul>{{#items}}<li>{{name}}：{{{html}}}</li>{{/items}}</ul>{{/hasItems}}
        """

    static let search = """
        <h1>搜索</h1>
        <form action="search.html" method="get"><input id="q" type="search" name="q" placeholder="任务、完成情况中的字词，序号，或单位名称" aria-label="搜索任务、完成情况或单位"></form>
        <noscript><p class="meta">搜索需要浏览器启用脚本。也可从<a href="index.html">首页</a>按报告和牵头单位浏览。</p></noscript>
        <p id="count" class="meta"></p><ul id="results"></ul>
        {{#shards}}<script src="{{.}}"></script>
        {{/shards}}<script src="units.js"></script>
        <script>{{{script}}}</script>

        """

    /// Finds tasks (text, units, progress, 序号) and units (name, and the
    /// alias in its brackets) containing every word typed, spaces and case
    /// ignored; a number finds the task numbered so. A task found by words
    /// of its progress shows them in context.
    static let searchScript = """
        (function(){var tasks=window.GW_TASKS||[],units=window.GW_UNITS||[],q=document.getElementById("q"),
        out=document.getElementById("results"),count=document.getElementById("count");
        function norm(s){return s.toLowerCase().replace(/[\\s\\u3000]+/g,"")}
        function add(href,text,meta,context){var li=document.createElement("li"),a=document.createElement("a");
        a.href=href;a.textContent=text;li.appendChild(a);[meta,context].forEach(function(t){if(t){
        var m=document.createElement("div");m.className="meta";m.textContent=t;li.appendChild(m)}});out.appendChild(li)}
        function around(text,w){var s=text.replace(/[\\s\\u3000]+/g,""),i=s.toLowerCase().indexOf(w);if(i<0)return"";
        var a=Math.max(0,i-20),e=Math.min(s.length,i+w.length+30);return"完成情况："+(a>0?"…":"")+s.slice(a,e)+(e<s.length?"…":"")}
        function run(){var words=q.value.split(/[\\s\\u3000]+/).map(norm).filter(Boolean);out.textContent="";
        if(!words.length){count.textContent="";return}var n=0;
        function hit(s){s=norm(s);return words.every(function(w){return s.indexOf(w)>=0})}
        units.forEach(function(u){if(n<200&&hit(u.n)){n++;add(u.p,u.n,"牵头单位，"+u.c+"项任务")}});
        tasks.forEach(function(t){if(n>=200)return;var own=norm(t.t+" "+t.u),g=norm(t.g||""),inProgress=null;
        var found=words.every(function(w){if(own.indexOf(w)>=0||w===norm(t.n||""))return true;
        if(g.indexOf(w)>=0){inProgress=inProgress||w;return true}return false});if(!found)return;n++;
        add(t.p,t.t,(t.n?"第"+t.n+"项　":"")+t.u+"　"+t.s,inProgress?around(t.g,inProgress):"")});
        count.textContent=n?("找到"+n+"条"+(n>=200?"（只列前200条）":"")):"没有找到。"}
        var m=/[?&]q=([^&]*)/.exec(location.search);if(m){q.value=decodeURIComponent(m[1].replace(/\\+/g," "))}
        q.addEventListener("input",run);run()})();
        """
}
