import Foundation

/// An Excel 97–2003 workbook (.xls, BIFF8) as the page reader reads it,
/// the same page an .xlsx workbook gives (``XlsxReader``): each visible
/// sheet in order, merged ranges as rowspan/colspan from their first cell,
/// empty rows no merge crosses left out. The BIFF records are read by xlrd
/// (Debian's `python3-xlrd`), the one reader in Debian that reports merged
/// ranges (FreeXL and catdoc's xls2csv give values only, so a unit merged
/// over several tasks would lead only the first); it prints the cells as
/// JSON, which is all that crosses into this process.
enum XlsReader {
    /// Prints `{"sheets": [{"name", "cells": [[row, column, text]], "merges":
    /// [[first row, last row, first column, last column]]}]}`, 1-based and
    /// inclusive as an .xlsx sheet's references are; stops one cell past
    /// the limit (argv[2]) so that the cell budget names it. Numbers as
    /// Excel shows a general cell (`3`, not `3.0`), dates as 2023-09-30.
    static let script = """
        import json, math, sys, xlrd
        def text(cell, mode):
            if cell.ctype == xlrd.XL_CELL_TEXT: return cell.value
            if cell.ctype == xlrd.XL_CELL_NUMBER:
                v = cell.value
                if not math.isfinite(v): return repr(v)
                return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)
            if cell.ctype == xlrd.XL_CELL_DATE:
                try: t = xlrd.xldate_as_tuple(cell.value, mode)
                except Exception: return repr(cell.value)
                day = "%04d-%02d-%02d" % t[:3]
                return day if t[3:] == (0, 0, 0) else day + " %02d:%02d" % t[3:5]
            if cell.ctype == xlrd.XL_CELL_BOOLEAN: return "TRUE" if cell.value else "FALSE"
            return ""
        try:
            book = xlrd.open_workbook(sys.argv[1], formatting_info=True, on_demand=True)
        except Exception as error:
            sys.exit("not an Excel 97-2003 workbook: %s" % error)
        limit, count, sheets = int(sys.argv[2]), 0, []
        for index in range(min(book.nsheets, int(sys.argv[3]))):
            sheet = book.sheet_by_index(index)
            if sheet.visibility != 0: continue
            cells = []
            for r in range(sheet.nrows):
                for c, cell in enumerate(sheet.row(r)):
                    value = text(cell, book.datemode)
                    if value.strip() and count <= limit:
                        cells.append([r + 1, c + 1, value])
                        count += 1
            merges = [[a + 1, b, c + 1, d] for a, b, c, d in sheet.merged_cells]
            sheets.append({"name": sheet.name, "cells": cells, "merges": merges})
            book.unload_sheet(index)
        json.dump({"sheets": sheets}, sys.stdout)
        """

    struct Workbook: Decodable {
        struct Sheet: Decodable {
            var name: String
            var cells: [Cell]
            var merges: [[Int]]
        }
        struct Cell: Decodable {
            var row: Int
            var column: Int
            var text: String

            init(from decoder: any Decoder) throws {
                var values = try decoder.unkeyedContainer()
                row = try values.decode(Int.self)
                column = try values.decode(Int.self)
                text = try values.decode(String.self)
            }
        }
        var sheets: [Sheet]
    }

    /// The rows and columns a BIFF8 sheet has (a cell elsewhere is not xlrd's output).
    static let rows = 1...65_536
    static let columns = 1...256

    static func html(_ bytes: [UInt8], title: String, limits: OfficeLimits) throws(OfficeError) -> String {
        let output = try OfficeTool.python.output(bytes, named: "attachment.xls", limits: limits) { file, _ in
            ["-I", "-c", script, file, String(limits.cells), String(limits.sheets)]
        }
        return try html(cells: output, title: title, limits: limits)
    }

    /// The page the script's JSON reads as.
    static func html(cells output: [UInt8], title: String, limits: OfficeLimits) throws(OfficeError) -> String {
        let workbook: Workbook
        do { workbook = try JSONDecoder().decode(Workbook.self, from: Data(output)) } catch {
            throw OfficeError(.damaged, "xlrd's reading of the workbook is not the JSON expected: \(error)")
        }
        var html = OfficeHTML(title: title)
        var budget = CellBudget(limits: limits)
        for sheet in workbook.sheets {
            let part = "sheet \"\(sheet.name)\""
            var grid = XlsxSheet()
            for cell in sheet.cells {
                guard Self.rows.contains(cell.row), Self.columns.contains(cell.column) else {
                    throw OfficeError(
                        .damaged, "\(part) has a cell outside a sheet (row \(cell.row), column \(cell.column))")
                }
                try budget.row(cell.row, in: part)
                try budget.cell(in: part)
                grid.values[XlsxSheet.Position(row: cell.row, column: cell.column)] = cell.text
            }
            grid.merges = sheet.merges.compactMap { merge in
                guard merge.count == 4, merge[0] <= merge[1], merge[2] <= merge[3], Self.rows.contains(merge[0]),
                    Self.rows.contains(merge[1]), Self.columns.contains(merge[2]), Self.columns.contains(merge[3])
                else { return nil }
                return XlsxSheet.Range(
                    first: XlsxSheet.Position(row: merge[0], column: merge[2]),
                    last: XlsxSheet.Position(row: merge[1], column: merge[3]))
            }
            guard !grid.isEmpty else { continue }
            html.heading(sheet.name)
            html.table(try grid.rows(part: part, budget: &budget))
        }
        return html.page
    }
}
