/// Bounds on what reading one office file may take, whatever the file
/// claims about itself: a report is a few hundred rows in well under a
/// megabyte of XML, so each bound is far above any report and far below
/// what would hurt the daemon.
public struct OfficeLimits: Sendable {
    /// Bytes one part (a sheet, the document) may expand to: 40 times a
    /// 157-task report's sheet. A zip's directory may lie about sizes, so
    /// reading stops at this many bytes; libxml2's tree of a part this size
    /// takes ~100 MB while it is read.
    public var partBytes: Int = 8 << 20
    /// Bytes all the parts read from one file may expand to.
    public var totalBytes: Int = 32 << 20
    /// Rows in one table or sheet.
    public var rows: Int = 20_000
    /// Cells in one file, all tables and sheets together.
    public var cells: Int = 400_000
    /// Sheets read from one workbook.
    public var sheets: Int = 64
    /// Time a Debian reader (wvWare, xlrd, pdftotext) may take on one file:
    /// each reads a 157-task report in well under a second.
    public var readerTime: Duration = .seconds(20)
    /// Bytes a Debian reader may write for one file (pdftotext's word
    /// boxes are ~15 times the text).
    public var readerOutputBytes: Int = 64 << 20

    public init() {}
}
