import GovwatchCore
import TOMLKit

/// Walks the TOML tree. Knows the file's lines, so that every error names
/// the line of the key it is about (TOMLKit's values carry no position).
struct ConfigurationReader {
    let file: String
    let lines: [Substring]
    let folder: String
    let urlCheck: ConfigurationLoader.URLCheck
    let secrets: ConfigurationLoader.Secrets

    init(
        file: String, text: String, urlCheck: @escaping ConfigurationLoader.URLCheck,
        secrets: ConfigurationLoader.Secrets = .required
    ) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.folder = String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])
        self.urlCheck = urlCheck
        self.secrets = secrets
    }

    func error(_ key: String, _ message: String, section: String? = nil, index: Int? = nil) -> ConfigurationError {
        ConfigurationError(file: file, line: line(of: key, section: section, index: index), key: key, message: message)
    }

    /// The line of `key` (its last component) within `[section]` or the
    /// `index`-th `[[section]]`; the section's header line when the key is
    /// not written there. Only for messages.
    func line(of key: String, section: String?, index: Int?) -> Int? {
        let name = String(key.split(separator: ".").last ?? Substring(key))
        var inSection = section == nil
        var seen = -1
        var headerLine: Int?
        for (number, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: " \t\r")
            if line.hasPrefix("[") {
                let header = line.trimmingCharacters(in: "[] \t")
                // A top-level key that is a table: its own header is its line.
                if section == nil, header == name { return number + 1 }
                if let section, header == section {
                    seen += 1
                    inSection = index == nil || seen == index
                    if inSection { headerLine = number + 1 }
                } else {
                    inSection = false
                }
                continue
            }
            if inSection, line.hasPrefix(name), line.dropFirst(name.count).trimmingCharacters(in: " \t").hasPrefix("=")
            {
                return number + 1
            }
        }
        return headerLine
    }

    func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : folder + "/" + path
    }
}
