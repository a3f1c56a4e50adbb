@testable import GovwatchConfig

/// One `[[sources]]` entry parsed from its lines after `name` and `url`,
/// for the suites that check one source key at a time.
enum SourceSnippet {
    static func parse(_ lines: String) throws(ConfigurationError) -> GovwatchConfiguration {
        try ConfigurationLoader.parse(
            "[[sources]]\nname = \"s\"\nurl = \"http://h.test/col/index.html\"\n" + lines, file: ConfigurationTests.file
        )
    }

    /// `key: message` of the error the lines give, or nil when they parse.
    static func message(_ lines: String) -> String? {
        do {
            _ = try parse(lines)
            return nil
        } catch { return "\(error.key ?? ""): \(error.message)" }
    }
}
