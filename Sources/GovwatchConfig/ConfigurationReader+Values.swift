import GovwatchCore
import TOMLKit

/// Typed values: each getter returns nil when the key is absent and throws,
/// naming the key and its line, when it is present but unusable.
extension ConfigurationReader {
    func strings(_ table: TOMLTable, _ name: String, index: Int) throws(ConfigurationError) -> [String] {
        guard let value = table[name] else { return [] }
        guard let array = value.array, array.allSatisfy({ $0.string != nil }) else {
            throw error(
                "notifiers[\(index)].\(name)", "must be an array of strings", section: "notifiers", index: index)
        }
        return array.compactMap { $0.string }
    }

    func allowOnly(_ table: TOMLTable, _ keys: Set<String>, prefix: String, section: String?, index: Int? = nil)
        throws(ConfigurationError)
    {
        for key in table.keys.sorted() where !keys.contains(key) {
            let known = keys.sorted().joined(separator: ", ")
            throw error(prefix + key, "unknown key (known here: \(known))", section: section, index: index)
        }
    }

    func table(_ root: TOMLTable, _ name: String) throws(ConfigurationError) -> TOMLTable? {
        guard let value = root[name] else { return nil }
        guard let table = value.table else { throw error(name, "must be a table: write [\(name)]") }
        return table
    }

    func string(_ table: TOMLTable, _ name: String, _ section: String, index: Int? = nil, keyName: String? = nil)
        throws(ConfigurationError) -> String?
    {
        guard let value = table[name] else { return nil }
        guard let string = value.string else {
            throw error(
                keyName ?? "\(section).\(name)", "must be a string, not \(value.type)", section: section, index: index)
        }
        return string
    }

    func bool(_ table: TOMLTable, _ name: String, _ section: String) throws(ConfigurationError) -> Bool? {
        guard let value = table[name] else { return nil }
        guard let flag = value.bool else {
            throw error("\(section).\(name)", "must be true or false, not \(value.type)", section: section)
        }
        return flag
    }

    func integer(
        _ table: TOMLTable, _ name: String, _ section: String, _ range: ClosedRange<Int>, index: Int? = nil,
        keyName: String? = nil
    ) throws(ConfigurationError) -> Int? {
        guard let value = table[name] else { return nil }
        let key = keyName ?? "\(section).\(name)"
        guard let number = value.int else {
            throw error(key, "must be an integer, not \(value.type)", section: section, index: index)
        }
        guard range.contains(number) else {
            throw error(
                key, "\(number) is out of range \(range.lowerBound)…\(range.upperBound)", section: section, index: index
            )
        }
        return number
    }

    func duration(
        _ table: TOMLTable, _ name: String, _ section: String, index: Int? = nil, keyName: String? = nil,
        minimum: Duration
    ) throws(ConfigurationError) -> Duration? {
        guard let value = table[name] else { return nil }
        let key = keyName ?? "\(section).\(name)"
        guard let text = value.string else {
            throw error(
                key, "must be a duration string such as \"90s\" or \"15m\", not \(value.type)", section: section,
                index: index)
        }
        let duration: Duration
        do { duration = try DurationText.parse(text) } catch {
            throw self.error(key, error.description, section: section, index: index)
        }
        guard duration >= minimum else {
            throw error(
                key, "\"\(text)\" is shorter than the minimum \(DurationText.format(minimum))", section: section,
                index: index)
        }
        return duration
    }

    /// Bytes: an integer, or a number and a unit in any case, with or
    /// without a space (`"8MB"`, `"8 mb"`, `"512KiB"`).
    func size(_ table: TOMLTable, _ name: String, _ section: String) throws(ConfigurationError) -> Int? {
        guard let value = table[name] else { return nil }
        let key = "\(section).\(name)"
        if let number = value.int {
            guard number > 0 else { throw error(key, "must be positive", section: section) }
            return number
        }
        guard let text = value.string else { throw error(key, "must be a size such as \"8MB\"", section: section) }
        guard let bytes = ByteSize.parse(text) else {
            throw error(key, "\"\(text)\" is not a size (write e.g. \"8MB\", \"512 KiB\" or 8000000)", section: section)
        }
        guard bytes > 0 else { throw error(key, "must be positive", section: section) }
        return bytes
    }
}
