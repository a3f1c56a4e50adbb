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
        let (year, month, day) = Self.civil(daysSince18991230: days)
        let minutes = Int(((serial - serial.rounded(.down)) * 1440).rounded())
        let date = "\(year)-\(Self.two(month))-\(Self.two(day))"
        return minutes == 0 || minutes == 1440 ? date : date + " \(Self.two(minutes / 60)):\(Self.two(minutes % 60))"
    }

    static func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// The proleptic Gregorian date `days` after 1899-12-30 (Howard Hinnant's civil_from_days).
    static func civil(daysSince18991230 days: Int) -> (Int, Int, Int) {
        let z = days - 25_569 + 719_468  // 1899-12-30 is 25,569 days before 1970-01-01
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
