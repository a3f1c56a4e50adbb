import GovwatchCore
import GovwatchHTML
import Testing

@testable import GovwatchExtract

/// The article body in other CMSs' templates: only the tables inside it
/// are the report, never a sidebar table of the same shape.
@Suite("Article bodies of other CMSs")
struct ArticleBodyTests {
    static let header = "<tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成情况</td></tr>"
    static let report = """
        <table>\(header)<tr><td>1</td><td>建设城市书房10个。</td><td>市文广旅体局</td><td>已建成8个。</td></tr>
        <tr><td>2</td><td>新增绿道50公里。</td><td>市自然资源局</td><td>已完成。</td></tr></table>
        """
    static let sidebar = """
        <div class="side"><table>\(header)<tr><td>1</td><td>另一篇的任务。</td><td>市财政局</td><td>推进中。</td></tr></table></div>
        """

    static func page(_ body: String) -> [UInt8] {
        Array(
            """
            <html><head><meta charset="utf-8"><title>2023年重点工作任务进展情况</title></head><body>
            \(sidebar)\(body)\(sidebar)</body></html>
            """.utf8)
    }

    @Test(arguments: [
        "<form name=\"_newscontent_fromname\"><div id=\"vsb_content\"><div class=\"v_news_content\">\(report)</div></div></form>",
        "<div id=\"vsb_content_2\">\(report)</div>",
        "<div class=\"TRS_Editor\">\(report)</div>",
        "<div class=\"wzcon\">\(report)</div>",
    ])
    func onlyTheBodysTablesAreTheReport(body: String) throws {
        let article = try ArticleExtractor().extract(Self.page(body), url: "http://h/a.html")
        #expect(article.entries.map(\.task) == ["建设城市书房10个。", "新增绿道50公里。"])
    }

    /// A bare date line under the title (no 发布时间 label) is the publish
    /// time from rules 3 on; a date inside the report is not.
    @Test func aBareDateLineIsThePublishTime() throws {
        let page = Array(
            """
            <html><head><meta charset="utf-8"><title>2017年重点工作任务完成情况</title></head><body>
            <h1>2017年重点工作任务完成情况</h1><div class="info"><span>2017-12-15 00:00</span><span>浏览次数：12</span></div>
            <div class="TRS_Editor">\(Self.report)<p>2017-12-20</p></div></body></html>
            """.utf8)
        #expect(try ArticleExtractor().extract(page, url: "http://h/a.html").publishedAt == "2017-12-15T00:00:00+08:00")
        #expect(try ArticleExtractor(rules: .version2).extract(page, url: "http://h/a.html").publishedAt == nil)
    }

    /// Rules 4: on a template with no known body, a list is read from the
    /// largest text block, so a sidebar of numbered lines is not a task;
    /// text of like size in two blocks keeps both.
    @Test func aListOnAnUnknownTemplateIsReadFromTheLargestTextBlock() throws {
        let task = { (number: String, text: String, unit: String) in
            "<p>（\(number)）\(text)</p><p>责任单位：\(unit)。</p>"
        }
        let body =
            "<p>一、城乡建设</p>" + task("一", "改造老旧小区12个，完成管网改造30公里。", "市住建局")
            + task("二", "新建公共停车位600个，新增充电桩1200个。", "市交通运输局")
            + task("三", "新建城市书房10个，提升改造乡镇文化站8个。", "市文广旅体局")
        let side = "<p>相关文件</p><p>一、政策</p>" + task("一", "关于印发实施方案的通知。", "市政府办公室")
        let page = Array(
            """
            <html><head><meta charset="utf-8"><title>2024年重点工作任务分工</title></head><body>
            <div class="layout"><div class="side">\(side)</div><div class="detail">\(body)</div></div></body></html>
            """.utf8)
        let tasks = try ArticleExtractor().extract(page).entries.map(\.task)
        #expect(tasks == ["改造老旧小区12个，完成管网改造30公里。", "新建公共停车位600个，新增充电桩1200个。", "新建城市书房10个，提升改造乡镇文化站8个。"])
        #expect(try ArticleExtractor(rules: .version3).extract(page).entries.count == 4)  // the sidebar's too
        // Two halves of like size: both are read.
        let halves = Array(
            """
            <html><head><meta charset="utf-8"><title>2024年重点工作任务分工</title></head><body>
            <div class="a">\(body)</div><div class="b">\(body.replacing("城乡建设", with: "社会民生"))</div></body></html>
            """.utf8)
        #expect(try ArticleExtractor().extract(halves).entries.count == 6)
        // A long inline script is code, not the body; a paragraph is never the body.
        let script = "<script>var menu = \"\(String(repeating: "首页栏目导航", count: 400))\";</script>"
        let scripted = Array(
            """
            <html><head><meta charset="utf-8"><title>2024年重点工作任务分工</title></head><body>
            <div class="nav">首页</div><div class="detail">\(body)</div>\(script)</body></html>
            """.utf8)
        #expect(try ArticleExtractor().extract(scripted).entries.count == 3)
        let paragraph = try #require(
            try MarkupDocument.html("<p>x</p>").root?.firstDescendant { $0.isElement("p") })
        #expect(!ArticleExtractor.isBlockContainer(paragraph))
    }

    /// A page whose report is an attached file (附件): no report table, and
    /// the error names the file and carries the page's metadata and files
    /// (the cycle then reads the .docx and the .pdf); a page linking only files govwatch
    /// does not read says so.
    @Test func noReportTableNamesTheAttachment() throws {
        let page = Array(
            """
            <html><head><meta charset="utf-8"><title>2023年重点工作完成情况</title></head><body>
            <div class="TRS_Editor"><p>现将2023年重点工作完成情况公布如下。</p>
            <p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;filename=2a1b.docx">2023年重点工作完成情况.docx</a></p>
            <p><a href="/picture/0/tables.pdf">附件2</a> <a href="/art/2023/1/1/art_1_2.html">上一篇</a></p></div></body></html>
            """.utf8)
        #expect {
            try ArticleExtractor().extract(page, url: "http://h/art/2024/1/5/art_1_3.html")
        } throws: { error in
            guard let error = error as? ExtractionError, error.code == .noReportTable else { return false }
            return error.message.hasSuffix(
                "; the report may be in its attachment \"2023年重点工作完成情况.docx\" "
                    + "(http://h/module/download/downfile.jsp?classid=0&filename=2a1b.docx) and 1 more file")
                && error.attached?.metadata.title == "2023年重点工作完成情况"
                && error.attached?.readable.map(\.name) == ["2023年重点工作完成情况.docx", "附件2"]
        }
        let wpsOnly = Array("<html><body><p>附件：<a href=\"/f/表.wps\">表.wps</a></p></body></html>".utf8)
        #expect {
            try ArticleExtractor().extract(wpsOnly, url: "http://h/a.html")
        } throws: { error in
            (error as? ExtractionError)?.message.hasSuffix(
                "\"表.wps\" (http://h/f/%E8%A1%A8.wps), which govwatch does not read yet "
                    + "(it reads .docx, .xlsx, .doc, .xls and .pdf)") == true
        }
        // A download naming no type is read for what its bytes are; a link to a page is not one.
        #expect(AttachmentLink(name: "附件1", url: "http://h/module/download/downfile.jsp?id=3").isReadable)
        #expect(AttachmentLink(name: "完成情况", url: "http://h/attach/0/3f2a").isReadable)
        #expect(!AttachmentLink(name: "上一篇", url: "http://h/art/2024/1/5/art_1_2.html").isReadable)
        #expect(!AttachmentLink(name: "附件.wps", url: "http://h/download?id=4").isReadable)
        // A download centre's page, a picture, a 附件 link to an article: none is a file.
        #expect(!AttachmentLink(name: "下载中心", url: "http://h/download/index.html").isReadable)
        #expect(!AttachmentLink(name: "附件1", url: "http://h/art/2024/1/5/art_1_2.html").isReadable)
        #expect(!AttachmentLink(name: "图", url: "http://h/attachment/2024/a.jpg").isReadable)
        #expect(ArticleExtractor.isAttachment("/a/b.xlsx") && ArticleExtractor.isAttachment("下载（表.pdf）"))
        #expect(!ArticleExtractor.isAttachment("/a/b.docx.html") && !ArticleExtractor.isAttachment("/a.document"))
        #expect(ArticleExtractor.fileName("/upload/%E8%A1%A8.xls") == "表.xls")
    }
}
