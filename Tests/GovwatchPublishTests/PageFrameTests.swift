import Mustache
import Testing

@testable import GovwatchPublish

/// Every page's frame is filled in directly (``SiteTemplates/frame``); it
/// must be the HTML the Mustache layout renders, for every way a page
/// calls it.
@Suite("The frame of every page")
struct PageFrameTests {
    static func byMustache(title: String, body: String, root: String?, generatedAt: String?) -> String {
        var layout: [String: Any] = ["title": title, "body": body, "style": SiteTemplates.style]
        if let root { layout["root"] = root }
        if let generatedAt { layout["generatedAt"] = generatedAt }
        return SiteTemplates.library.render(layout, withTemplate: "layout") ?? ""
    }

    @Test func theSameHTMLAsTheLayoutTemplate() {
        let titles = ["2024年市政府工作报告重点工作任务半年度进展情况", "a<b & \"c\" 'd'", ""]
        let bodies = ["<h1>任务</h1>\n<p>x</p>", "", "{{title}} <footer>"]
        for title in titles {
            for body in bodies {
                for root in [nil, "", "./", "../", "../../", "a\"b/"] {
                    for generatedAt in [nil, "2024-11-08 12:00", "", "<b>"] {
                        let ours = SiteTemplates.frame(title: title, body: body, root: root, generatedAt: generatedAt)
                        let theirs = Self.byMustache(title: title, body: body, root: root, generatedAt: generatedAt)
                        #expect(ours == theirs, "\(title) \(body) \(root ?? "nil") \(generatedAt ?? "nil")")
                    }
                }
            }
        }
    }
}
