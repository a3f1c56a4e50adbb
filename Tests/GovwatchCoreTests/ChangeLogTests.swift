import Testing

@testable import GovwatchCore

@Suite("Character diff and change log")
struct ChangeLogTests {
    func render(_ segments: [CharacterDiff.Segment]) -> String {
        segments.map { segment in
            switch segment.operation {
            case .equal: segment.text
            case .insert: "[+\(segment.text)]"
            case .delete: "[-\(segment.text)]"
            }
        }.joined()
    }

    @Test func marksChangedCharacters() {
        #expect(render(CharacterDiff.diff("完成工程量的20%。", "完成工程量的35%。")) == "完成工程量的[-20][+35]%。")
        #expect(render(CharacterDiff.diff("开展督导3次。", "开展督导3次，培训1次。")) == "开展督导3次[+，培训1次]。")
    }

    @Test func ignoresWidthAndWhitespace() {
        // Nothing marked: the new text is shown as it is.
        #expect(CharacterDiff.diff("甲,乙(丙)", "甲， 乙（丙）") == [.init(.equal, "甲， 乙（丙）")])
    }

    @Test func mergesTinyIslandsIntoOneRun() {
        // "A改B" style edits with one shared character between them read as one change.
        let segments = CharacterDiff.diff("一期完工", "二批开工")
        #expect(segments.filter { $0.operation != .equal }.count <= 2)
    }

    @Test func buildsLogNewestFirstWithFilters() {
        func alert(_ id: String, _ kind: Alert.Kind, at time: String, units: [String]) -> Alert {
            let entry = EntryChange(
                change: .modified, key: "k\(id)", number: "1", section: nil, task: "任务\(id)", leadUnits: units,
                before: nil, after: nil, progressAdded: ["新进展"], progressRemoved: [], fields: ["progress"])
            return Alert(
                id: id, kind: kind, source: "s", url: "http://h/\(id)", title: "T\(id)", detectedAt: time,
                summary: "S\(id)",
                changes: [entry])
        }
        let alerts = [
            alert("1", .documentChanged, at: "2026-11-01T00:00:00Z", units: ["市民政局"]),
            alert("2", .documentChanged, at: "2026-11-03T00:00:00Z", units: ["市财政局"]),
            alert("3", .documentPublished, at: "2026-11-02T00:00:00Z", units: ["市民政局、市慈善总会"]),
        ]
        let all = ChangeLog.build(alerts: alerts, filter: .init(), generatedAt: Timestamp(epochSeconds: 0))
        #expect(all.documents.map(\.alertID) == ["2", "3", "1"])
        let byUnit = ChangeLog.build(
            alerts: alerts, filter: .init(unit: "市民政局"), generatedAt: Timestamp(epochSeconds: 0))
        #expect(byUnit.documents.map(\.alertID) == ["3", "1"])
        let since = ChangeLog.build(
            alerts: alerts, filter: .init(since: Timestamp(rfc3339: "2026-11-02T00:00:00Z"), kinds: [.documentChanged]),
            generatedAt: Timestamp(epochSeconds: 0))
        #expect(since.documents.map(\.alertID) == ["2"])
    }

    @Test func editedItemIsOneMarkedModification() {
        let change = EntryChange(
            change: .modified, key: "k", number: "5", section: nil, task: "任务", leadUnits: [],
            before: nil, after: nil, progressAdded: ["累计完成工程量的45%。"],
            progressRemoved: ["累计完成工程量的20%。"], fields: ["progress"])
        let entry = ChangeLog.entryLog(change)
        #expect(entry.progress.count == 1)
        #expect(entry.progress[0].change == .modified)
        #expect(render(entry.progress[0].segments) == "累计完成工程量的[-20][+45]%。")
    }

    @Test func timestampsRoundTrip() {
        let moment = Timestamp(epochSeconds: 1_795_967_208)
        #expect(moment.rfc3339 == "2026-11-29T15:46:48Z")
        #expect(Timestamp(rfc3339: moment.rfc3339) == moment)
        #expect(Timestamp(rfc3339: "2022-01-06T10:27:00+08:00")?.rfc3339 == "2022-01-06T02:27:00Z")
        #expect(Timestamp(rfc3339: "2022-01-06")?.rfc3339 == "2022-01-05T16:00:00Z")
    }

    @Test func durations() throws {
        #expect(try DurationText.parse("200ms") == .milliseconds(200))
        #expect(try DurationText.parse("1h30m") == .seconds(5400))
        #expect(try DurationText.parse("180d") == .seconds(180 * 86400))
        #expect(throws: DurationText.ParseError.self) { try DurationText.parse("15") }
        #expect(throws: DurationText.ParseError.self) { try DurationText.parse("soon") }
        #expect(DurationText.format(.seconds(5400)) == "90m")
    }

    @Test func reportSeries() {
        let h1 = ReportSeries.key(title: "2021年度市政府工作报告重点工作任务半年度完成情况")
        let nov = ReportSeries.key(title: "2021年度市政府工作报告重点工作任务1-11月完成情况")
        let q3 = ReportSeries.key(title: "2020年度市政府重点工作任务前三季度完成情况")
        #expect(h1 == nov)
        #expect(h1?.year == 2021)
        #expect(q3 != h1)
        #expect(q3 == ReportSeries.key(title: "2020年度市政府重点工作任务全年完成情况"))
    }

    /// The year's assignment notice opens the series its progress reports
    /// continue, whatever their wrapper or the word for their kind.
    @Test func assignmentNoticesOpenTheirYearsSeries() {
        let notice = ReportSeries.key(title: "舟山市人民政府关于印发2024年市政府工作报告重点工作任务责任分解的通知")
        #expect(notice?.description == "2024|市政府工作报告重点工作任务")
        for title in [
            "2024年市政府工作报告重点工作任务半年度进展情况", "2024年度市政府工作报告重点工作任务1-11月完成情况",
            "2024年市政府工作报告重点工作任务第三季度进展情况的通报", "关于印发2024年市政府工作报告重点工作任务分解的通知",
        ] {
            #expect(ReportSeries.key(title: title) == notice, "\(title)")
        }
        #expect(ReportSeries.key(title: "关于印发2025年市政府工作报告重点工作任务责任分解的通知") != notice)
    }
}

/// `changes --unit X` matches lead units; `--supporting` adds the tasks X
/// supports (配合单位), in the log and in the unit's task list.
@Suite("Supporting units in the change log")
struct SupportingUnitTests {
    static let entry = ReportEntry(
        key: "k", number: "1", section: nil, task: "建设省级未来社区5个。", leadUnits: ["市建设局"],
        supportingUnits: ["市发改委"], progress: ["3个社区已开工。"], extras: [:])

    @Test func unitFilterMatchesSupportingUnitsOnlyWhenAsked() throws {
        let old = DocumentSnapshot(title: "2023年重点工作进展", entries: [Self.entry])
        var edited = Self.entry
        edited.progress = ["5个社区已开工。"]
        let new = DocumentSnapshot(title: "2023年重点工作进展", entries: [edited])
        let alert = AlertFactory(source: "s", detectedAt: Timestamp(epochSeconds: 1_700_000_000)).changed(
            url: "http://h/a", old: old, new: new, diff: DocumentDiffer.diff(old: old, new: new))
        let now = Timestamp(epochSeconds: 1_700_000_100)
        let leadOnly = ChangeLog.build(alerts: [alert], filter: .init(unit: "发改委"), generatedAt: now)
        #expect(leadOnly.documents.isEmpty)
        let both = ChangeLog.build(
            alerts: [alert], filter: .init(unit: "发改委", includesSupporting: true), generatedAt: now)
        #expect(both.documents.first?.entries.first?.supportingUnits == ["市发改委"])
        let led = ChangeLog.build(alerts: [alert], filter: .init(unit: "建设局"), generatedAt: now)
        #expect(led.documents.count == 1)

        let documents = [TaskHistory.Source(url: "http://h/a", snapshot: new)]
        #expect(UnitTask.find(unit: "发改委", documents: documents).isEmpty)
        #expect(UnitTask.find(unit: "发改委", includesSupporting: true, documents: documents).map(\.key) == ["k"])
    }

    /// Entries without supporting units hash as they did before the field
    /// existed; naming one changes the hash.
    @Test func supportingUnitsHashOnlyWhenPresent() {
        var plain = Self.entry
        plain.supportingUnits = []
        let before = DocumentSnapshot(title: "t", entries: [plain]).contentHash
        #expect(before == DocumentSnapshot(title: "t", entries: [plain]).contentHash)
        #expect(DocumentSnapshot(title: "t", entries: [Self.entry]).contentHash != before)
    }
}
