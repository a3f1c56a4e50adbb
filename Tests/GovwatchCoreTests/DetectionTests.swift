import Testing

@testable import GovwatchCore

@Suite("Content hash and document diff")
struct DetectionTests {
    static let entries = [
        ReportEntry(
            key: "k1", number: "1", section: "一、疫情防控", task: "慎终如始抓好疫情防控（牵头单位：市疫情防控办）",
            leadUnits: ["市疫情防控办", "市卫健委"], progress: ["①关停整改26家，", "②处置\u{A0}输入疫情 9 起。"],
            extras: ["备注": "“完成”", "空": "\u{3000}", "B列": "Ａ１"]),
        ReportEntry(key: "k2", number: "2", section: nil, task: "PM 2.5 浓度", leadUnits: [], progress: [], extras: [:]),
    ]

    static func snapshot(_ entries: [ReportEntry] = entries) -> DocumentSnapshot {
        var snapshot = DocumentSnapshot(title: "2021年度 重点工作任务（半年）", entries: entries)
        snapshot.publisher = "市政府办公室"
        return snapshot
    }

    /// The hash streams folded text; stored hashes were made from the
    /// folded strings and fingerprints, so the bytes must be the same.
    @Test func contentHashHashesTheFoldedFieldsAndFingerprints() {
        let snapshot = Self.snapshot()
        var reference = StableHash()
        for (name, value) in snapshot.fields {
            reference.combine(name)
            reference.combine(byte: 0x1E)
            reference.combine(ComparableText.fold(value ?? ""))
            reference.combine(byte: 0x1F)
        }
        for entry in snapshot.entries {
            reference.combine(entry.content.folded.fingerprint)
            reference.combine(byte: 0x1D)
        }
        #expect(snapshot.contentHash == reference.hex)
        // And the literal, as stores hold it: a change to folding or to the
        // fingerprint's spelling moves both sides above, but not this.
        #expect(snapshot.contentHash == "0e476e0ed1a39a2c")
    }

    @Test func cosmeticEditsKeepTheHashAndMakeNoDiff() {
        var entries = Self.entries
        entries[0].progress = ["①关停整改26家,", "②处置输入疫情9起."]
        entries[0].extras["空"] = ""
        let old = Self.snapshot()
        let new = Self.snapshot(entries)
        #expect(old.contentHash == new.contentHash)
        #expect(DocumentDiffer.diff(old: old, new: new).isEmpty)
    }

    /// A report read from two files that the page now links one of: the
    /// second file's task is removed, and the alert names the files before
    /// and after. The files stay outside the hash.
    @Test func aFileNoLongerAttachedIsNamed() {
        var old = Self.snapshot()
        old.attachments = [
            AttachedFile(name: "完成情况.docx", url: "http://h/a.docx", bytes: 9, sha256: "aa", entries: 1),
            AttachedFile(name: "附表.xlsx", url: "http://h/b.xlsx", bytes: 9, sha256: "bb", entries: 1),
            .linked(name: "说明.pdf", url: "http://h/c.pdf"),
        ]
        var new = Self.snapshot([Self.entries[0]])
        new.attachments = [old.attachments[0]]
        #expect(old.contentHash == Self.snapshot().contentHash)
        let diff = DocumentDiffer.diff(old: old, new: new)
        #expect(diff.fields == [FieldChange(field: "attachments", before: "完成情况.docx、附表.xlsx", after: "完成情况.docx")])
        #expect(diff.count(.removed) == 1)
        // Each change says which file its entry was read from (the old
        // report's for a removed one), in the alert and the change log.
        #expect(diff.entries.map(\.attachment) == ["附表.xlsx"])
        var edited = new
        edited.entries[0].content.progress.append("③新增进展。")
        #expect(DocumentDiffer.diff(old: new, new: edited).entries.map(\.attachment) == ["完成情况.docx"])
        #expect(
            DocumentDiffer.diff(old: Self.snapshot(), new: Self.snapshot([Self.entries[0]])).entries.first?.attachment
                == nil)
        // Read from the page now (its file only linked): no file is named for it.
        var fromPage = edited
        fromPage.attachments = [.linked(name: "完成情况.docx", url: "http://h/a.docx")]
        #expect(DocumentDiffer.diff(old: new, new: fromPage).entries.map(\.attachment) == [nil])
        let alert = AlertFactory(source: "s", detectedAt: Timestamp(epochSeconds: 0)).changed(
            url: "http://h/r.html", old: old, new: new, diff: diff)
        #expect(alert.summary.contains("1项删除") && alert.summary.contains("信息变化：附件"), "\(alert.summary)")
        // The same files, other bytes, or listed in another order: nothing to name.
        var rehashed = old
        rehashed.attachments[0].sha256 = "cc"
        rehashed.attachments.reverse()
        #expect(DocumentDiffer.diff(old: old, new: rehashed).isEmpty)
    }

    @Test func aNewProgressItemChangesTheHashAndIsTheOnlyChange() {
        var entries = Self.entries
        entries[0].progress.append("③新增进展。")
        let old = Self.snapshot()
        let new = Self.snapshot(entries)
        #expect(old.contentHash != new.contentHash)
        let diff = DocumentDiffer.diff(old: old, new: new)
        #expect(diff.entries.map(\.key) == ["k1"])
        #expect(diff.entries.first?.progressAdded == ["③新增进展。"])
        #expect(diff.entries.first?.fields == ["progress"])
    }

    /// The diff's shortcut for untouched entries compares bytes first; its
    /// answer must be `==`'s for any texts, canonically equal ones in other
    /// bytes included.
    @Test func theUntouchedEntryShortcutAnswersAsEquality() {
        let texts = ["推进海岛公园建设。", "推进海岛公园建设.", "caf\u{E9}", "cafe\u{301}", "\u{F900}", "\u{8C48}", "", "a"]
        for a in texts {
            for b in texts {
                #expect(DocumentDiffer.same(a, b) == (a == b), "\(a) / \(b)")
                #expect(DocumentDiffer.same([a, "x"], [b, "x"]) == ([a, "x"] == [b, "x"]))
                #expect(DocumentDiffer.same(["k": a], ["k": b]) == (["k": a] == ["k": b]))
            }
        }
        #expect(!DocumentDiffer.same(["a"], ["a", "a"]) && !DocumentDiffer.same(["k": "a"], ["j": "a"]))
    }
}
