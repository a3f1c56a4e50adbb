import Foundation
import GovwatchCore

/// The `[sources.columns]` lines that read a table as it was read, for
/// `extract --explain`: an operator edits the one that is wrong.
enum ColumnLines {
    static let hint =
        "to name the columns yourself, set in the source's [sources.columns]: task = \"<header>\", "
        + "progress = \"<header>\" (try it first: govwatch extract FILE --column task=<header> --column progress=<header>)"

    /// `choices`: those the page was read with (`--column`): a status
    /// column is printed as the operator named it, not as an extra.
    static func lines(_ tables: [ReportTableLayout], choices: ColumnChoices = .init()) -> [String] {
        var lines: [String] = []
        var shown: Set<[String]> = []
        for (index, table) in tables.enumerated() where shown.insert(table.header).inserted {
            lines.append(
                "table \(index + 1) as [sources.columns] (edit a line to read it otherwise; "
                    + "try with --column ROLE=HEADER):")
            var byChoice: [(ColumnChoices.Choice, [String])] = []
            for (header, role) in zip(table.header, table.roles) where !header.isEmpty {
                let choice = choices.choice(forHeader: header) == .status ? .status : Self.choice(role)
                if let index = byChoice.firstIndex(where: { $0.0 == choice }) {
                    if !byChoice[index].1.contains(header) { byChoice[index].1.append(header) }
                } else {
                    byChoice.append((choice, [header]))
                }
            }
            for (choice, headers) in byChoice.sorted(by: { order($0.0) < order($1.0) }) {
                let value =
                    headers.count == 1 ? quoted(headers[0]) : "[" + headers.map(quoted).joined(separator: ", ") + "]"
                lines.append("  \(choice.rawValue) = \(value)")
            }
        }
        return lines
    }

    static func choice(_ role: ColumnRole) -> ColumnChoices.Choice {
        switch role {
        case .number: .number
        case .task: .task
        case .leadUnit: .units
        case .supportingUnit: .supporting
        case .progress: .progress
        case .category: .category
        case .extra: .extra
        }
    }

    static func order(_ choice: ColumnChoices.Choice) -> Int {
        ColumnChoices.Choice.allCases.firstIndex(of: choice) ?? 0
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
