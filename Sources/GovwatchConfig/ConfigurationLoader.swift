import Foundation
import GovwatchCore
import TOMLKit

/// Reads and validates `govwatch.toml` (TOML, via TOMLKit).
///
/// Unknown keys are errors (a typo must not silently fall back to a
/// default); relative paths resolve against the config file's folder.
/// Defaults are not here: they live in the configuration's initialisers.
public enum ConfigurationLoader {
    /// Judges a source URL usable. The default checks its shape
    /// (``URLSyntax``); the composition passes libcurl's parser, so that a
    /// URL the config accepts is one the fetcher can fetch, while parsing a
    /// config (and fuzzing the parser) links no network library.
    public typealias URLCheck = @Sendable (String) -> Bool

    public static let shapeCheck: URLCheck = { URLSyntax.hostKey(of: $0) != nil }

    /// Whether notifiers' secrets (`*_file`, `*_env`) must be at hand.
    public enum Secrets: Sendable {
        /// They must: `run`, `once`, `notify`, `config check` send or vouch for sending.
        case required
        /// A missing one leaves its value unset and is named in the
        /// configuration's ``GovwatchConfiguration/warnings``: commands that
        /// only read state (`changes`, `feed`, `history`, `site`, `serve`)
        /// run in a shell without the service's secrets.
        case optional
    }

    public static func load(
        path: String, urlCheck: @escaping URLCheck = shapeCheck, secrets: Secrets = .required
    ) throws(ConfigurationError) -> GovwatchConfiguration {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let data = FileManager.default.contents(atPath: absolute) else {
            let reason =
                FileManager.default.fileExists(atPath: absolute) ? "cannot be read (permissions?)" : "no such file"
            throw ConfigurationError(file: absolute, message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: absolute, message: "not UTF-8 text")
        }
        return try parse(text, file: absolute, urlCheck: urlCheck, secrets: secrets)
    }

    public static func parse(
        _ text: String, file: String, urlCheck: @escaping URLCheck = shapeCheck, secrets: Secrets = .required
    ) throws(ConfigurationError) -> GovwatchConfiguration {
        try TOMLPreScan.check(text, file: file)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                file: file, line: error.source.begin.line, message: "TOML syntax: \(error.description)")
        } catch {
            throw ConfigurationError(file: file, message: "TOML syntax: \(error)")
        }
        let reader = ConfigurationReader(file: file, text: text, urlCheck: urlCheck, secrets: secrets)
        return try reader.configuration(table)
    }
}
