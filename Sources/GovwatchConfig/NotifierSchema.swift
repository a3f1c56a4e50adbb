import Foundation
import GovwatchCore
import TOMLKit

/// `[[notifiers]]`: where alerts go besides the spool, and their secrets.
extension ConfigurationReader {
    func notifiers(_ value: (any TOMLValueConvertible)?, sources: [GovwatchConfiguration.Source])
        throws(ConfigurationError) -> [GovwatchConfiguration.Notifier]
    {
        try namedTables(value, "notifiers", noun: "notifiers") { table, index throws(ConfigurationError) in
            try notifier(table, index: index, sources: sources)
        }
    }

    func notifier(_ table: TOMLTable, index: Int, sources: [GovwatchConfiguration.Source]) throws(ConfigurationError)
        -> GovwatchConfiguration.Notifier
    {
        let section = "notifiers"
        func key(_ name: String) -> String { "notifiers[\(index)].\(name)" }
        try allowOnly(
            table,
            [
                "name", "type", "url", "url_file", "url_env", "secret_file", "secret_env", "to", "from", "sendmail",
                "sources", "kinds", "units", "rate_per_minute", "title", "smtp_url", "smtp_user",
                "smtp_password_file", "smtp_password_env", "smtp_starttls",
            ],
            prefix: "notifiers[\(index)].", section: section, index: index)
        guard let name = try string(table, "name", section, index: index, keyName: key("name")), !name.isEmpty else {
            throw error(key("name"), "every notifier needs a name", section: section, index: index)
        }
        guard let typeName = try string(table, "type", section, index: index, keyName: key("type")),
            let type = GovwatchConfiguration.NotifierType(rawValue: typeName)
        else {
            let known = GovwatchConfiguration.NotifierType.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(key("type"), "must be one of \(known)", section: section, index: index)
        }
        // Secrets: from a file or the environment. Robot URLs carry their key, so they may not be inline.
        var unresolved: [String] = []
        let url = try secretValue(
            table, inline: "url", file: "url_file", env: "url_env", index: index,
            inlineAllowed: type == .webhook, unresolved: &unresolved)
        let secret = try secretValue(
            table, inline: nil, file: "secret_file", env: "secret_env", index: index, inlineAllowed: false,
            unresolved: &unresolved)
        if type != .mail, url != nil || unresolved.isEmpty {
            guard let url else {
                throw error(
                    key("url"), "a \(type.rawValue) notifier needs url (or url_file / url_env)", section: section,
                    index: index)
            }
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw error(key("url"), "is not an http(s) URL", section: section, index: index)
            }
        }
        var notifier = GovwatchConfiguration.Notifier(
            name: name, type: type, url: url, secret: secret,
            ratePerMinute: try integer(
                table, "rate_per_minute", section, 1...600, index: index, keyName: key("rate_per_minute"))
        )
        notifier.title = try string(table, "title", section, index: index, keyName: key("title"))
        notifier.sources = try strings(table, "sources", index: index)
        for source in notifier.sources where !sources.contains(where: { $0.name == source }) {
            throw error(key("sources"), "no source named \"\(source)\"", section: section, index: index)
        }
        notifier.kinds = try strings(table, "kinds", index: index)
        for kind in notifier.kinds where Alert.Kind(rawValue: kind) == nil {
            throw error(key("kinds"), "unknown alert kind \"\(kind)\"", section: section, index: index)
        }
        notifier.units = try strings(table, "units", index: index)
        if type == .mail { try readMail(table, index: index, into: &notifier, unresolved: &unresolved) }
        notifier.unresolvedSecrets = unresolved
        return notifier
    }

    /// A mail notifier's recipients, sender, and sendmail or SMTP relay.
    func readMail(
        _ table: TOMLTable, index: Int, into notifier: inout GovwatchConfiguration.Notifier,
        unresolved: inout [String]
    ) throws(ConfigurationError) {
        let section = "notifiers"
        func key(_ name: String) -> String { "notifiers[\(index)].\(name)" }
        notifier.to = try strings(table, "to", index: index)
        guard !notifier.to.isEmpty,
            notifier.to.allSatisfy({ $0.contains("@") && !$0.contains("\n") && !$0.contains("\r") })
        else {
            throw error(key("to"), "a mail notifier needs recipient addresses", section: section, index: index)
        }
        if let from = try string(table, "from", section, index: index, keyName: key("from")) { notifier.from = from }
        if let program = try string(table, "sendmail", section, index: index, keyName: key("sendmail")) {
            notifier.sendmail = program
        }
        if let url = try string(table, "smtp_url", section, index: index, keyName: key("smtp_url")) {
            guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://"), !url.contains("@") else {
                throw error(
                    key("smtp_url"), "must be smtp://host[:port] or smtps://host[:port], without credentials",
                    section: section, index: index)
            }
            notifier.smtpURL = url
            notifier.smtpUser = try string(table, "smtp_user", section, index: index, keyName: key("smtp_user"))
            notifier.smtpPassword = try secretValue(
                table, inline: nil, file: "smtp_password_file", env: "smtp_password_env",
                index: index, inlineAllowed: false, unresolved: &unresolved)
            if let value = table["smtp_starttls"] {
                guard let flag = value.bool else {
                    throw error(key("smtp_starttls"), "must be true or false", section: section, index: index)
                }
                notifier.smtpStartTLS = flag
            }
        }
    }

    /// A value given inline, by `*_file` (first line of the file) or `*_env` (an environment variable).
    /// With optional secrets (``ConfigurationLoader/Secrets``), a file
    /// that cannot be read or a variable that is not set is named in
    /// `unresolved` and gives nil, instead of failing the whole file.
    func secretValue(
        _ table: TOMLTable, inline: String?, file: String, env: String, index: Int, inlineAllowed: Bool,
        unresolved: inout [String]
    ) throws(ConfigurationError) -> String? {
        let section = "notifiers"
        if let inline,
            let value = try string(table, inline, section, index: index, keyName: "notifiers[\(index)].\(inline)")
        {
            guard inlineAllowed else {
                throw error(
                    "notifiers[\(index)].\(inline)", "holds a key: give it with \(file) or \(env), not inline",
                    section: section, index: index)
            }
            return value
        }
        if let path = try string(table, file, section, index: index, keyName: "notifiers[\(index)].\(file)") {
            guard let data = FileManager.default.contents(atPath: resolve(path)),
                let text = String(data: data, encoding: .utf8),
                let line = text.split(separator: "\n").first.map({ $0.trimmingCharacters(in: " \t\r") }), !line.isEmpty
            else {
                if secrets == .optional {
                    unresolved.append("\(file) \(resolve(path)) cannot be read here")
                    return nil
                }
                throw error(
                    "notifiers[\(index)].\(file)", "cannot read a value from \(resolve(path))", section: section,
                    index: index)
            }
            return line
        }
        if let name = try string(table, env, section, index: index, keyName: "notifiers[\(index)].\(env)") {
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                if secrets == .optional {
                    unresolved.append("\(env) \(name) is not set here")
                    return nil
                }
                throw error(
                    "notifiers[\(index)].\(env)", "environment variable \(name) is not set", section: section,
                    index: index)
            }
            return value
        }
        return nil
    }
}
