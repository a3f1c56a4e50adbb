import Foundation
import GovwatchCore
import GovwatchOffice
import Testing

@testable import GovwatchExtract

/// Reports attached as Word and Excel files read like tables on a page: the
/// same rows from a file written by hand from the formats' rules and from
/// one LibreOffice made (Fixtures/attachments/generate), and hostile files
/// stop with a reason naming the file and the part, without filling memory.
@Suite("Attached office files")
struct AttachmentTests {
    /// The name the article's link shows, as the file is read under it.
    static let shownName = "2023年定海区重点工作任务完成情况"

    static func read(_ file: String, as name: String? = nil, limits: OfficeLimits = OfficeLimits()) throws -> Article {
        let bytes = try Fixtures.bytes("attachments/\(file)")
        let shown = name ?? shownName + "." + (file.split(separator: ".").last.map(String.init) ?? "")
        let page = try #require(try OfficeAttachment.page(bytes, name: shown, limits: limits))
        return try ArticleExtractor().extract(page, charset: "UTF-8")
    }

    @Test(arguments: [
        "report-clean.docx", "report-office.docx", "report-clean.xlsx", "report-office.xlsx", "report-office.doc",
        "report-office.xls", "report-office.pdf",
    ])
    func readsAsWrittenInTheFile(_ file: String) throws {
        try Self.expectReport(file, as: "report.expected.json")
    }

    /// A 40-task table across four PDF pages, its header repeated on each:
    /// one table, each task whole (rows cut by a page break included).
    @Test func aTableAcrossPdfPagesIsOneTable() throws {
        try Self.expectReport(
            "report-long.pdf", as: "report-long.expected.json", shown: "2023年定海区重点工作任务完成情况（全年）.pdf")
    }

    static func expectReport(_ file: String, as expectation: String, shown: String? = nil) throws {
        let expected = try JSONDecoder().decode(
            LayoutGoldenTests.Expected.self, from: Data(contentsOf: Fixtures.url("attachments/\(expectation)")))
        let article = try Self.read(file, as: shown)
        #expect(article.title == expected.title)
        #expect(article.kind.rawValue == expected.kind)
        let got = article.entries.map {
            LayoutGoldenTests.Expected.Entry(
                number: $0.number, section: $0.section, task: $0.task, leadUnits: $0.leadUnits,
                supportingUnits: $0.supportingUnits, progress: $0.progress, extras: $0.extras, typed: $0.content.typed)
        }
        #expect(got == expected.entries, "\(file)")
    }

    /// The same report in a page and in an attachment has the same keys:
    /// moving a table from the page into a file is no change of its tasks.
    @Test(arguments: ["report-office.docx", "report-office.doc", "report-office.xls", "report-office.pdf"])
    func entriesKeepThePagesKeys(_ name: String) throws {
        let page = try ArticleExtractor().extract(try Fixtures.bytes("attachments/report.html"))
        let file = try Self.read(name)
        #expect(file.entries.map(\.key) == page.entries.map(\.key))
    }

    /// A report on the page that also links its file reads from the page,
    /// once, and records the file unfetched, for reviewers.
    @Test func aPagesOwnTableLeavesItsFilesRecordedNotRead() throws {
        let html = String(decoding: try Fixtures.bytes("attachments/report.html"), as: UTF8.self)
            .replacing("</body>", with: "<p>附件：<a href=\"/files/report.docx\">完成情况.docx</a></p></body>")
        let page = try ArticleExtractor().extract(Array(html.utf8), url: "http://h/art/1.html")
        let plain = try ArticleExtractor().extract(try Fixtures.bytes("attachments/report.html"))
        #expect(page.entries.map(\.key) == plain.entries.map(\.key))
        #expect(page.linkedFiles == [AttachedFile.linked(name: "完成情况.docx", url: "http://h/files/report.docx")])
        #expect(page.linkedFiles.allSatisfy { !$0.wasFetched } && plain.linkedFiles.isEmpty)
        #expect(DocumentSnapshot(article: page).contentHash == DocumentSnapshot(article: plain).contentHash)
    }

    /// Parts named otherwise than Office names them are found through the
    /// package's relationships; a date cell reads as the date Excel shows.
    @Test func partsAreFoundThroughRelationshipsAndDatesReadAsDates() throws {
        let document = try Self.read("renamed.docx")
        #expect(document.entries.map(\.task) == (try Self.read("report-clean.docx")).entries.map(\.task))
        let workbook = try Self.read("renamed.xlsx")
        #expect(workbook.entries.map(\.task) == ["推进海洋经济示范区建设。", "加快渔港经济区改造提升。"])
        #expect(workbook.entries.map { $0.extras["完成时限"] } == ["2023-12-31", "2023-06-30"])
    }

    /// A download link often names no extension (JCMS `downfile.jsp?id=3`):
    /// the zip's parts tell a Word document from a workbook.
    @Test func theKindComesFromTheNameOrTheParts() throws {
        let docx = try Fixtures.bytes("attachments/report-clean.docx")
        let xlsx = try Fixtures.bytes("attachments/report-clean.xlsx")
        #expect(OfficeFile.kind(name: "downfile.jsp?id=3", bytes: docx) == .docx)
        #expect(OfficeFile.kind(name: "downfile.jsp?id=4", bytes: xlsx) == .xlsx)
        #expect(OfficeFile.kind(name: "附件1.DOCX", bytes: []) == .docx)
        // A PDF by its header; Word 97 and Excel 97 by the stream their compound file names.
        #expect(
            OfficeFile.kind(name: "downfile.jsp?id=5", bytes: try Fixtures.bytes("attachments/report-office.pdf"))
                == .pdf)
        #expect(
            OfficeFile.kind(name: "downfile.jsp?id=6", bytes: try Fixtures.bytes("attachments/report-office.doc"))
                == .doc)
        #expect(
            OfficeFile.kind(name: "downfile.jsp?id=7", bytes: try Fixtures.bytes("attachments/report-office.xls"))
                == .xls)
        #expect(try OfficeAttachment.page(Array("<html></html>".utf8), name: "report.html") == nil)
        #expect(OfficeAttachment.displayName("http://h/u/附件1.xlsx?v=2") == "附件1.xlsx")
    }

    static func failure(_ file: String, limits: OfficeLimits = OfficeLimits()) -> ExtractionError? {
        do {
            _ = try OfficeAttachment.page(try Fixtures.bytes("attachments/\(file)"), name: file, limits: limits)
        } catch let error as ExtractionError {
            return error
        } catch {}
        return nil
    }

    /// 937 bytes that expand to 1 GB: reading stops at the part's limit.
    @Test func aZipBombStopsAtThePartLimit() throws {
        let error = try #require(Self.failure("bomb-1gb.docx"))
        #expect(error.message.contains("attachment \"bomb-1gb.docx\""))
        #expect(error.message.contains("word/document.xml expands beyond 8 MB"))
    }

    @Test func aMillionRowSheetIsRefused() throws {
        let error = try #require(Self.failure("rows-1m.xlsx"))
        #expect(error.message.contains("xl/worksheets/sheet1.xml expands beyond"))
        // Under the byte limit, the row limit stops a long sheet.
        var limits = OfficeLimits()
        limits.rows = 5
        let rows = try #require(Self.failure("report-clean.xlsx", limits: limits))
        #expect(rows.message.contains("xl/worksheets/sheet2.xml has more than 5 rows"))
    }

    @Test func aTruncatedFileIsNotAnArchive() throws {
        let error = try #require(Self.failure("truncated.xlsx"))
        #expect(error.message.contains("not a zip archive"))
    }

    /// A PDF of images only is a scan: not an empty report, `unreadable: scanned`.
    @Test func aScannedPdfIsUnreadableScanned() throws {
        let error = try #require(Self.failure("scanned.pdf"))
        #expect(error.message.hasPrefix("attachment \"scanned.pdf\" (.pdf): unreadable: scanned"), "\(error.message)")
    }

    @Test func aTruncatedPdfIsNamed() throws {
        let error = try #require(Self.failure("truncated.pdf"))
        #expect(error.message.contains("attachment \"truncated.pdf\" (.pdf): pdftotext could not read it"))
    }

    /// The Debian readers are bounded like the in-process ones: a file past
    /// the word limit, a reader past its time or its output, each named.
    @Test func debianReadersAreBounded() throws {
        var limits = OfficeLimits()
        limits.cells = 20
        #expect(Self.failure("report-office.pdf", limits: limits)?.message.contains("more than 20 words") == true)
        #expect(Self.failure("report-office.xls", limits: limits)?.message.contains("past 20 cells") == true)
        limits = OfficeLimits()
        limits.readerTime = .zero
        let slow = Self.failure("report-office.doc", limits: limits)?.message ?? ""
        #expect(slow.contains("wvWare read it for over") && slow.contains("was stopped"), "\(slow)")
        limits = OfficeLimits()
        limits.readerOutputBytes = 1000
        let long = Self.failure("report-office.pdf", limits: limits)?.message ?? ""
        #expect(long.contains("pdftotext wrote over 1000 bytes"), "\(long)")
    }

    /// Sites serve one kind under another's name: the bytes decide (a PDF
    /// named .xls reads as a PDF, a table saved as a web page named .xls as
    /// the page it is); a file that is no kind at all is named with what
    /// its reader said.
    @Test func theBytesDecideTheKind() throws {
        let pdf = try Self.read("report-office.pdf", as: "附件.xls")
        #expect(pdf.entries.count == 4)
        let web = try Self.read("report-webpage.xls", as: "附件.xls")  // gb2312, as Excel saves a web page
        #expect(web.entries.map(\.key) == pdf.entries.map(\.key))
        #expect(web.entries.first?.leadUnits == ["区发改局"])
        let error = #expect(throws: ExtractionError.self) {
            try OfficeAttachment.page(Array("not a workbook at all".utf8), name: "附件.xls")
        }
        #expect(error?.message.contains("attachment \"附件.xls\" (.xls): python3 could not read it") == true)
        #expect(error?.message.contains("not an Excel 97-2003 workbook") == true, "\(error?.message ?? "")")
    }
}
