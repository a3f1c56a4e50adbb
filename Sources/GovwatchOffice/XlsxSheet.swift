import GovwatchHTML

/// One sheet's cells by row and column, and its merged ranges.
struct XlsxSheet {
    struct Position: Hashable {
        var row: Int
        var column: Int
    }
    struct Range {
        var first: Position
        var last: Position
    }

    var values: [Position: String] = [:]
    var merges: [Range] = []
    var isEmpty: Bool { values.values.allSatisfy { $0.allSatisfy(\.isWhitespace) } }

    static func read(
        _ document: MarkupDocument, strings: [String], styles: XlsxStyles = XlsxStyles(), part: String,
        budget: inout CellBudget
    ) throws(OfficeError) -> XlsxSheet {
        var sheet = XlsxSheet()
        var failure: OfficeError?
        // A row or cell without `r` follows the one before it (Excel writes
        // `r`; other writers may not).
        var row = 0
        var column = 0
        document.root?.forEachDescendant { node in
            guard failure == nil else { return false }
            if node.isElement("row") {
                row = node.attribute("r").flatMap { Int($0) } ?? row + 1
                column = 0
                return true
            }
            if node.isElement("c") {
                let stated = node.attribute("r")
                let next = Position(row: row, column: column + 1)
                guard let reference = stated == nil ? next : stated.flatMap(position), reference.row > 0,
                    reference.column <= 16_384
                else { return false }
                column = reference.column
                var value = value(of: node, strings: strings)
                if ["n", nil].contains(node.attribute("t")) {
                    // Only a number can be a date's serial.
                    value = styles.shown(value, style: node.attribute("s").flatMap(Int.init))
                }
                if !value.isEmpty {
                    do throws(OfficeError) {
                        try budget.row(reference.row, in: part)
                        try budget.cell(in: part)
                    } catch { failure = error }
                    sheet.values[reference] = value
                }
                return false
            }
            if node.isElement("mergeCell"), let range = node.attribute("ref").flatMap(range) {
                sheet.merges.append(range)
                return false
            }
            return true
        }
        if let failure { throw failure }
        return sheet
    }

    /// A cell's text: a shared string (`t="s"`), an inline string, or the
    /// value as written (numbers, booleans, formulas' cached results).
    static func value(of cell: MarkupNode, strings: [String]) -> String {
        switch cell.attribute("t") {
        case "s":
            let index = cell.children.first { $0.isElement("v") }.flatMap { Int($0.text.trimmed) }
            return index.flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "inlineStr":
            return cell.children.first { $0.isElement("is") }.map(text) ?? ""
        case "b":
            return cell.children.first { $0.isElement("v") }?.text.trimmed == "1" ? "TRUE" : "FALSE"
        default:
            // Numbers as written; a formula's cached text (`t="str"`) keeps
            // its inner spaces and line breaks.
            return cell.children.first { $0.isElement("v") }?.text.trimmingEnds ?? ""
        }
    }

    /// Text of a string item: its `t` elements, phonetic runs (`rPh`) left out.
    static func text(of item: MarkupNode) -> String {
        var text = ""
        item.forEachDescendant { node in
            if node.isElement("t") {
                text += node.text
                return false
            }
            return !node.isElement("rPh")
        }
        return text
    }

    /// "B3" → row 3, column 2; nil when it is not a cell reference.
    static func position(_ reference: String) -> Position? {
        var column = 0
        var row = 0
        var digits = false
        for byte in reference.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where !digits:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where !digits:
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits = true
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "$"):
                continue
            default:
                return nil
            }
            // Excel's own bounds (XFD, 1,048,576): anything past them is not a cell.
            if column > 16_384 || row > 1_048_576 { return nil }
        }
        return column > 0 && row > 0 ? Position(row: row, column: column) : nil
    }

    /// "A1:C2" → its corners; nil when it is not a range.
    static func range(_ reference: String) -> Range? {
        let corners = reference.split(separator: ":").map(String.init)
        guard corners.count == 2, let first = position(corners[0]), let last = position(corners[1]),
            first.row <= last.row, first.column <= last.column
        else { return nil }
        return Range(first: first, last: last)
    }
}

extension String {
    fileprivate var trimmed: String { String(self.filter { !$0.isWhitespace }) }
    fileprivate var trimmingEnds: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
