/// Counts rows and cells against ``OfficeLimits`` while a file is read, so
/// that a billion-cell sheet stops with a reason instead of filling memory.
struct CellBudget {
    let limits: OfficeLimits
    private var cells = 0
    private var textBytes = 0

    init(limits: OfficeLimits) { self.limits = limits }

    mutating func row(_ number: Int, in part: String) throws(OfficeError) {
        guard number <= limits.rows else {
            throw OfficeError(
                .tooManyRows, "\(part) has more than \(limits.rows) rows (no report is that long); not read")
        }
    }

    /// Text written into the page: a workbook's cells may all point at one
    /// large shared string, so the page is bounded by what it holds, not by
    /// the parts' sizes alone.
    mutating func text(_ paragraphs: [String], in part: String) throws(OfficeError) {
        textBytes += paragraphs.reduce(0) { $0 + $1.utf8.count }
        guard textBytes <= limits.totalBytes else {
            throw OfficeError(
                .tooLarge,
                "\(part) brings the file's text past \(limits.totalBytes >> 20) MB (no report is that large); not read")
        }
    }

    mutating func cell(in part: String, count: Int = 1) throws(OfficeError) {
        cells += count
        guard cells <= limits.cells else {
            throw OfficeError(
                .tooManyRows, "\(part) brings the file past \(limits.cells) cells (no report is that large); not read")
        }
    }
}
