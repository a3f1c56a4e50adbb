import GovwatchCore
import TOMLKit

extension ConfigurationReader {
    /// `[sources.columns]`: each key a role (``ColumnChoices/Choice``), each
    /// value the header text of the column that holds it, or several
    /// (`progress = ["进度", "本月进展"]`). Headers are compared folded, so
    /// full-width brackets and spaces pasted from Word do not matter.
    func columnChoices(_ source: TOMLTable, index: Int) throws(ConfigurationError) -> ColumnChoices {
        let section = "sources"
        guard let value = source["columns"] else { return ColumnChoices() }
        let prefix = "sources[\(index)].columns"
        guard let table = value.table else {
            throw error(
                prefix, "must be a table: write [sources.columns] after the source's other keys", section: section,
                index: index)
        }
        let names = ColumnChoices.Choice.allCases.map(\.rawValue)
        try allowOnly(table, Set(names), prefix: prefix + ".", section: section, index: index)
        var choices: [(ColumnChoices.Choice, [String])] = []
        var claimed: [String: String] = [:]
        for name in table.keys.sorted() {
            guard let choice = ColumnChoices.Choice(rawValue: name), let value = table[name] else { continue }
            let headers: [String]
            if let text = value.string {
                headers = [text]
            } else if let array = value.array, !array.isEmpty, array.allSatisfy({ $0.string != nil }) {
                headers = array.compactMap(\.string)
            } else {
                throw error(
                    "\(prefix).\(name)", "must be a header text or a non-empty array of them, not \(value.type)",
                    section: section, index: index)
            }
            for header in headers {
                let folded = ComparableText.fold(header)
                guard !folded.isEmpty else {
                    throw error("\(prefix).\(name)", "a header text may not be empty", section: section, index: index)
                }
                if let other = claimed[folded] {
                    throw error(
                        "\(prefix).\(name)", "\"\(header)\" is already given to \(other): one role per column",
                        section: section, index: index)
                }
                claimed[folded] = name
            }
            choices.append((choice, headers))
        }
        return ColumnChoices(choices)
    }
}
