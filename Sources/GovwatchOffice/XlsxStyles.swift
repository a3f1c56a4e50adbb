import GovwatchCore
import GovwatchHTML

/// Which cell styles of a workbook show dates, so that a date cell reads
/// as the date Excel shows (`2023-09-30`), not its serial number (45199):
/// a style whose number format is one of Excel's built-in date formats
/// (14–17, 22, and the East Asian 27–36 and 50–58) or a custom format with
/// a year, month or day code outside quoted text (`yyyy"年"m"月"d"日"`).
struct XlsxStyles {
    /// Indexes into `cellXfs` (a cell's `s`) whose format is a date.
    var dateStyles: Set<Int> = []
    /// The workbook counts days from 1904-01-01 (`workbookPr date1904`), not 1899-12-30.
    var from1904 = false

    static let builtInDates: Set<Int> = Set([14, 15, 16, 17, 22]).union(27...36).union(50...58)

    static func read(_ archive: ZipArchive, part: String?, from1904: Bool) throws(OfficeError) -> XlsxStyles {
        var styles = XlsxStyles(from1904: from1904)
        guard let part, let bytes = try archive.read(part) else { return styles }
        var customDates: Set<Int> = []
        var index = 0
        try OfficeXML.parse(bytes, part: part).root?.forEachDescendant { node in
            if node.isElement("numFmt"), let id = node.attribute("numFmtId").flatMap(Int.init),
                isDate(node.attribute("formatCode") ?? "")
            {
                customDates.insert(id)
                return false
            }
            if node.isElement("cellXfs") {
                for xf in node.children where xf.isElement("xf") {
                    if let id = xf.attribute("numFmtId").flatMap(Int.init),
                        builtInDates.contains(id) || customDates.contains(id)
                    {
                        styles.dateStyles.insert(index)
                    }
                    index += 1
                }
                return false
            }
            return true
        }
        return styles
    }

    /// True when a format code shows a date: y, m with d, or d, outside
    /// quotes, escapes and `[…]` sections (`[Red]`, `[$-804]`).
    static func isDate(_ code: String) -> Bool {
        var plain = ""
        var quoted = false
        var bracket = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "[" && !quoted {
                bracket = true
            } else if character == "]" && bracket {
                bracket = false
            } else if !quoted && !bracket {
                plain.append(character)
            }
        }
        return plain.contains("y") || plain.contains("d")
    }

    /// The value a cell shows: a date cell's serial as yyyy-MM-dd (with
    /// hh:mm when it has a time); anything else unchanged.
    func shown(_ value: String, style: Int?) -> String {
        guard let style, dateStyles.contains(style), let serial = Double(value), serial >= 0, serial < 3_000_000
        else { return value }
        // Day 0 is 1899-12-30 (so that Excel's fictitious 1900-02-29, day 60, falls right after it).
        let days = Int(serial.rounded(.down)) + (from1904 ? 1462 : 0)
        // 1899-12-30 is 25,569 days before 1970-01-01, where Core's calendar counts from.
        let (year, month, day) = CivilDate.civil(fromDays: days - 25_569)
        let minutes = Int(((serial - serial.rounded(.down)) * 1440).rounded())
        let date = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        return minutes == 0 || minutes == 1440 ? date : date + " " + CivilDate.clock(minutes * 60, seconds: false)
    }
}
