import GovwatchCore
import Testing

/// What reviewers read carries no English and no code names: Chinese field
/// labels and reasons, local times, units and items shown old → new, and a
/// robot message that names its report once.
@Suite("Words a reviewer can read")
struct ReviewerWordsTests {
    static let factory = AlertFactory(source: "s", detectedAt: Timestamp(epochSeconds: 1_764_646_200))

    static func entry(units: [String] = ["市建设局"], progress: [String] = ["已开工3个。"]) -> ReportEntry {
        ReportEntry(
            key: "k", number: "4", section: nil, task: "建设省级未来社区5个。", leadUnits: units, progress: progress,
            extras: [:])
    }

    @Test func timesAreLocalToTheMinute() {
        // 2025-12-02T03:30:00Z is 11:30 in Zhoushan.
        #expect(LocalTime.chinaStandardTime.display(Timestamp(epochSeconds: 1_764_646_200)) == "2025-12-02 11:30")
        #expect(LocalTime.chinaStandardTime.display("2025-12-02T03:30:00Z") == "2025-12-02 11:30")
        #expect(LocalTime.chinaStandardTime.display("2022-01-06T10:27:00+08:00") == "2022-01-06 10:27")
        #expect(LocalTime(offsetSeconds: 0).display("2025-12-02T03:30:00Z") == "2025-12-02 03:30")
        #expect(LocalTime.chinaStandardTime.display("2021-07-21") == "2021-07-21")  // a date stays a date
    }

    @Test func fieldsAndReasonsInChinese() {
        var old = DocumentSnapshot(title: "报告", entries: [Self.entry()])
        old.publisher = "市政府办公室"
        var new = old
        new.publisher = "市发改委"
        let changed = Self.factory.changed(
            url: "http://h/a", old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
        #expect(changed.summary == "报告更新：报告：信息变化：发布机构")
        let unparsed = Self.factory.unparsed(
            url: "http://h/a", last: old, reason: "no report table: 3 tables, none with a header naming a task")
        #expect(unparsed.summary == "报告无法解析，保留上次内容：报告：页面中找不到任务表格或任务清单")
        #expect(unparsed.reason == "no report table: 3 tables, none with a header naming a task")  // operators keep it
        let failing = Self.factory.failing(
            failures: 3, error: "timed out fetching http://h/col", episode: Timestamp(epochSeconds: 0))
        #expect(failing.summary == "来源异常：s 连续3次失败：访问超时")
        // A source with a title is named by it in summaries; its id keeps the name.
        let titled = AlertFactory(source: "s", detectedAt: Timestamp(epochSeconds: 0), sourceTitle: "某区政府信息公开")
        let failingTitled = titled.failing(
            failures: 3, error: "timed out fetching http://h/col", episode: Timestamp(epochSeconds: 0))
        #expect(failingTitled.summary == "来源异常：某区政府信息公开 连续3次失败：访问超时")
        #expect(failingTitled.id == failing.id && failingTitled.source == "s")
        #expect(ReviewerWords.reason("HTTP 503 fetching http://h/a") == "网站返回错误（状态码503）")
        #expect(ReviewerWords.reason("entries dropped from 157 to 12") == "任务条目由157项骤减为12项，疑似页面未完整发布")
        // Every reason, even one the table does not know, reaches a reviewer in Chinese.
        #expect(ReviewerWords.reason("listed but answers HTTP 404") == "栏目仍列出该文章，但文章页无法打开")
        for english in ["something new", "listed but answers HTTP 404", "connection reset fetching http://h/a"] {
            let ascii = ReviewerWords.reason(english).filter(\.isASCII)
            #expect(ascii.isEmpty)
        }
    }

    /// A robot message's title names the report; its body does not again,
    /// and a modified task shows what it was and what it is.
    @Test func aRobotMessageStatesItsTitleOnceAndShowsOldAndNew() {
        let old = DocumentSnapshot(
            title: "2025年重点工作进展", entries: [Self.entry(progress: ["已开工3个未来社区。", "完成规划编制。"])])
        let new = DocumentSnapshot(
            title: "2025年重点工作进展",
            entries: [Self.entry(units: ["市建设局", "市发改委"], progress: ["已开工5个未来社区。", "完成规划编制。", "新增试点2个。"])])
        let alert = Self.factory.changed(
            url: "http://h/a", old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
        let title = NotificationText.title([alert])
        let body = NotificationText.markdown([alert], limit: 4000)
        #expect(title == "【政务公开提醒】报告更新：2025年重点工作进展")
        #expect((title + body).split(separator: "2025年重点工作进展", omittingEmptySubsequences: false).count == 2)
        #expect(body.contains("  - 牵头单位：市建设局 → 市建设局、市发改委"))
        #expect(body.contains("  - 修改：已开工3个未来社区。 → 已开工5个未来社区。"))
        #expect(body.contains("  - 新进展：新增试点2个。"))
        #expect(body.hasPrefix("1项修改；第4项牵头单位：市建设局 → 市建设局、市发改委"))
    }

    /// The change log shows the units after a change, those added and
    /// those gone marked, for lead and supporting units alike.
    @Test func unitChangesAreMarkedInTheChangeLog() {
        var before = Self.entry()
        before.supportingUnits = ["市财政局"]
        var after = Self.entry(units: ["市建设局", "市发改委"])
        after.supportingUnits = []
        let old = DocumentSnapshot(title: "报告", entries: [before])
        let new = DocumentSnapshot(title: "报告", entries: [after])
        let alert = Self.factory.changed(
            url: "http://h/a", old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
        let log = ChangeLog.build(alerts: [alert], filter: .init(), generatedAt: Timestamp(epochSeconds: 1_764_646_200))
        let markdown = ChangeLogRenderer.markdown(log)
        #expect(markdown.contains("牵头单位：市建设局、**市发改委**"))
        #expect(markdown.contains("配合单位：~~市财政局~~"))
    }

    /// A task whose status changed says so in the summary, the robot
    /// message and the change log: `第4项状态：序时推进 → 滞后`.
    @Test func aStatusChangeIsNamedEverywhere() {
        var before = Self.entry()
        before.extras = ["完成状态": "序时推进"]
        var after = Self.entry()
        after.extras = ["完成状态": "滞后"]
        let old = DocumentSnapshot(title: "报告", entries: [before])
        let new = DocumentSnapshot(title: "报告", entries: [after])
        let alert = Self.factory.changed(
            url: "http://h/a", old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
        #expect(alert.summary == "报告更新：报告：1项修改；第4项状态：序时推进 → 滞后")
        #expect(NotificationText.markdown([alert], limit: 4000).contains("  - 状态：序时推进 → 滞后"))
        let log = ChangeLog.build(alerts: [alert], filter: .init(), generatedAt: Timestamp(epochSeconds: 1_764_646_200))
        #expect(ChangeLogRenderer.markdown(log).contains("状态：~~序时推进~~**滞后**"))
        // Unchanged status: shown as it is, not named as a change.
        var edited = after
        edited.progress = ["已开工4个。"]
        let again = Self.factory.changed(
            url: "http://h/a", old: new, new: DocumentSnapshot(title: "报告", entries: [edited]),
            diff: DocumentDiffer.diff(old: new, new: DocumentSnapshot(title: "报告", entries: [edited])))
        #expect(!again.summary.contains("状态"))
        let unchanged = ChangeLog.build(
            alerts: [again], filter: .init(), generatedAt: Timestamp(epochSeconds: 1_764_646_200))
        #expect(ChangeLogRenderer.markdown(unchanged).contains("状态：滞后\n"))
    }

    /// Under a new report, 新进展 only for a task with a new or rewritten
    /// item; a change of units alone, or items only dropped, is 修改.
    @Test func newProgressIsNamedOnlyWhenThereIsSome() {
        #expect(ChangeLogRenderer.changeName(.modified, under: .documentPublished, newProgress: true) == "新进展")
        #expect(ChangeLogRenderer.changeName(.modified, under: .documentPublished, newProgress: false) == "修改")
        #expect(ChangeLogRenderer.changeName(.modified, under: .documentChanged, newProgress: true) == "修改")
        #expect(ChangeLogRenderer.changeName(.added, under: .documentPublished, newProgress: true) == "新列入")
    }

    /// The change log names a source by its title where it has one.
    @Test func theChangeLogNamesSourcesByTheirTitles() {
        let alert = AlertFactory(source: "zs-1229429114", detectedAt: Timestamp(epochSeconds: 0)).failing(
            failures: 3, error: "HTTP 503 fetching http://h/col", episode: Timestamp(epochSeconds: 0))
        let log = ChangeLog.build(alerts: [alert], filter: .init(), generatedAt: Timestamp(epochSeconds: 0))
        let titled = ChangeLogRenderer.markdown(log, sourceTitles: ["zs-1229429114": "舟山市政府工作报告执行情况"])
        #expect(titled.contains("来源：舟山市政府工作报告执行情况"))
        #expect(ChangeLogRenderer.markdown(log).contains("来源：zs-1229429114"))
    }

    @Test func anAttachedReportIsNamedInChinese() {
        let reason =
            "no report table: no table; no list of numbered tasks with unit lines in 2 paragraphs; the report may be "
            + "in its attachment \"2023年重点工作完成情况.docx\" (http://h/f.docx), which govwatch does not read yet"
        #expect(ReviewerWords.reason(reason) == "页面中找不到任务表格或任务清单；报告可能在附件「2023年重点工作完成情况.docx」中，暂不能读取附件")
        let attachments =
            "no report table on the page, nor in its attachments: \"完成情况.docx\": attachment \"v4.docx\" (.docx): "
            + "word/document.xml expands beyond 8 MB (a zip bomb, or far larger than any report); not read"
        #expect(ReviewerWords.fileSize(812) == "812字节" && ReviewerWords.fileSize(5989) == "5.8 KB")
        #expect(ReviewerWords.fileSize(1_300_000) == "1.2 MB")
        #expect(ReviewerWords.fileType("doc") == "Word文档" && ReviewerWords.fileType("xls") == "Excel表格")
        #expect(ReviewerWords.fileType("pdf") == "PDF文件" && ReviewerWords.fileType(nil) == nil)
        #expect(ReviewerWords.reason(attachments) == "页面和附件中都找不到任务表格（附件「完成情况.docx」无法读取或其中没有任务表格）")
        // A scan among several files is the one named, whatever its place.
        let scan =
            "no report table on the page, nor in its attachments: \"说明.docx\": no report table: no table; "
            + "\"表.pdf\": attachment \"表.pdf\" (.pdf): unreadable: scanned (its 2 pages hold no text, only images)"
        #expect(ReviewerWords.reason(scan) == "页面中找不到任务表格；附件「表.pdf」是扫描件（只有图片，没有文字），无法读取其中的任务")
        // A file's own line beside files that were read.
        #expect(
            ReviewerWords.reason("attachment \"表.pdf\" (.pdf): unreadable: scanned (its 1 page hold no text)")
                == "此文件是扫描件（只有图片，没有文字），无法读取其中的任务")
        #expect(
            ReviewerWords.reason("attachment \"表.xls\" (.xls): python3 could not read it (exit 1)")
                == "此文件无法读取或其中没有任务表格（详见运行日志）")
    }
}
