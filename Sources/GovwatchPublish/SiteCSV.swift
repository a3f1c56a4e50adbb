import Foundation
import GovwatchCore

/// CSV downloads (RFC 4180: CRLF rows, fields quoted when they hold a
/// comma, quote or line break), in UTF-8 with a byte-order mark, without
/// which Excel reads UTF-8 as the local code page and Chinese is garbled.
enum SiteCSV {
    static let header = ["分组", "序号", "任务", "牵头单位", "配合单位", "完成情况"]

    /// A report entry as cells of ``header``: units joined by 、, progress
    /// items one per line within their cell.
    static func cells(_ entry: ReportEntry) -> [String] {
        [
            entry.section ?? "", entry.number ?? "", entry.task, entry.leadUnits.joined(separator: "、"),
            entry.supportingUnits.joined(separator: "、"), entry.progress.joined(separator: "\n"),
        ]
    }

    /// A report's CSV as the bytes written: made for every report an
    /// update renders, it is not made a String (validating its UTF-8 again
    /// was a quarter of making it, callgrind).
    static func report(_ snapshot: DocumentSnapshot) -> [UInt8] {
        document([header] + snapshot.entries.map(cells))
    }

    /// A unit's CSV as the bytes written, as ``report(_:)``'s.
    static func unit(_ tasks: [UnitTaskRecord]) -> [UInt8] {
        document(
            [["系列", "最新一期", "序号", "任务", "完成情况", "进展未更新"]]
                + tasks.map { task in
                    [
                        task.seriesTitle, task.reportTitle, task.number ?? "", task.task,
                        task.progress.joined(separator: "\n"), task.unchanged ? "是" : "",
                    ]
                })
    }

    /// The rows as one CSV text's UTF-8, built in one buffer: a string per
    /// field, per row and for the whole was a tenth of rebuilding a long
    /// series' site (perf); the text is as joining ``field(_:)``s gave it.
    static func document(_ rows: [[String]]) -> [UInt8] {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]  // U+FEFF
        // Each field, its separator or line end, and quotes for some.
        bytes.reserveCapacity(rows.reduce(3) { total, row in row.reduce(total + 2) { $0 + $1.utf8.count + 3 } })
        for row in rows {
            for (column, text) in row.enumerated() {
                if column > 0 { bytes.append(0x2C) }
                append(text, to: &bytes)
            }
            bytes += [0x0D, 0x0A]
        }
        return bytes
    }

    static func field(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a field: quoted when it holds a comma, quote or
    /// line break, its quotes doubled. Over the string's bytes in place (a
    /// byte at a time through `utf8` was most of the CSV's cost, callgrind).
    static func append(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { append($0, to: &bytes) }
    }

    static func append(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var quoted = false
        var quotes = false
        for byte in text where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            quoted = true
            if byte == 0x22 {
                quotes = true
                break
            }
        }
        guard quoted else { return bytes.append(contentsOf: text) }
        bytes.append(0x22)
        if quotes {
            for byte in text {
                bytes.append(byte)
                if byte == 0x22 { bytes.append(0x22) }
            }
        } else {
            bytes.append(contentsOf: text)
        }
        bytes.append(0x22)
    }
}
