import CGovwatchXlsxWriter
import Foundation

/// An `.xlsx` workbook written by Debian's libxlsxwriter: one sheet per
/// report, a frozen header row, wrapped text. No C pointer leaves this file.
struct Workbook: Sendable, Hashable {
    struct Sheet: Sendable, Hashable {
        var name: String
        var header: [String]
        var rows: [[String]]
        /// A column (序号) whose whole numbers are written as numbers, so
        /// that Excel sorts them as such (`9*`, `一` stay text).
        var numberColumn: Int?
    }

    var title: String
    var sheets: [Sheet]
    /// Column widths in characters, the same for every sheet.
    var widths: [Double]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes the workbook to `path` (its temporary files go beside it).
    func write(to path: String) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let workbook = folder.withCString { folder in
            cgovwatch_xlsx_new(path, UnsafeMutablePointer(mutating: folder))
        }
        guard let workbook else { throw Failure(description: "cannot create the workbook \(path)") }
        let wrap = workbook_add_format(workbook)
        format_set_text_wrap(wrap)
        format_set_align(wrap, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        format_set_text_wrap(bold)
        format_set_bg_color(bold, 0xF4F4F8)
        var properties = lxw_doc_properties()
        title.withCString { title in
            properties.title = UnsafeMutablePointer(mutating: title)
            _ = workbook_set_properties(workbook, &properties)
        }
        for (index, sheet) in Self.uniqueNames(sheets.map(\.name)).enumerated() {
            guard let worksheet = workbook_add_worksheet(workbook, sheet) else {
                workbook_close(workbook)
                throw Failure(description: "cannot add the sheet \(sheet) to \(path)")
            }
            for (column, width) in widths.enumerated() {
                worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), width, wrap)
            }
            worksheet_freeze_panes(worksheet, 1, 0)
            for (column, text) in sheets[index].header.enumerated() {
                worksheet_write_string(worksheet, 0, lxw_col_t(column), text, bold)
            }
            for (row, cells) in sheets[index].rows.enumerated() {
                for (column, text) in cells.enumerated() where !text.isEmpty {
                    if column == sheets[index].numberColumn, let number = Self.wholeNumber(text) {
                        worksheet_write_number(worksheet, lxw_row_t(row + 1), lxw_col_t(column), number, wrap)
                    } else {
                        worksheet_write_string(worksheet, lxw_row_t(row + 1), lxw_col_t(column), text, wrap)
                    }
                }
            }
        }
        let status = workbook_close(workbook)
        guard status == LXW_NO_ERROR else {
            throw Failure(description: "cannot write the workbook \(path): \(String(cString: lxw_strerror(status)))")
        }
    }

    /// The digest of every value of the workbook ``write(to:)`` reads, and
    /// of the code that writes it: the binary's identity (``PageInputs``)
    /// and the running libxlsxwriter's version, so that a new build or a
    /// new library writes it once. A workbook of the same inputs holds the
    /// same sheets, so the current site's is kept (``SiteFile/kept(make:)``),
    /// with the time of writing libxlsxwriter put in it, as a kept page
    /// keeps its footer (and, like a page, a file damaged on disk stays so
    /// until its inputs change). Writing it was two thirds of writing a
    /// long series' files (callgrind).
    var inputs: String {
        var inputs = PageInputs()
        inputs.add(String(cString: lxw_version()))
        inputs.add(title)
        inputs.add(widths.count)
        for width in widths { inputs.add(Int(bitPattern: UInt(width.bitPattern))) }
        inputs.add(sheets.count)
        for sheet in sheets {
            inputs.add(sheet.name)
            inputs.add(sheet.header)
            inputs.add(sheet.numberColumn != nil)
            inputs.add(sheet.numberColumn ?? 0)
            inputs.add(sheet.rows.count)
            for row in sheet.rows { inputs.add(row) }
        }
        return inputs.digest
    }

    /// `12` as 12; anything else (`9*`, `1.2`, `一`, a long run of digits) nil.
    static func wholeNumber(_ text: String) -> Double? {
        guard text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text) else {
            return nil
        }
        return Double(value)
    }

    /// Sheet names as Excel allows them: at most 31 characters, none of
    /// `[]:*?/\`, unique regardless of case (a repeated name gets `(2)`).
    static func uniqueNames(_ names: [String]) -> [String] {
        var used: Set<String> = []
        return names.map { name in
            let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            var candidate = cleaned.isEmpty ? "Sheet" : cleaned
            var counter = 2
            while used.contains(candidate.lowercased()) {
                let suffix = "(\(counter))"
                candidate = String(cleaned.prefix(31 - suffix.count)) + suffix
                counter += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }
}
