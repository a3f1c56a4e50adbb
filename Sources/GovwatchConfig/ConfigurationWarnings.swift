import GovwatchCore

/// What a configuration allows but an operator probably did not mean.
/// `govwatch config check` prints these (and still exits 0); the daemon logs
/// them when it starts.
extension GovwatchConfiguration {
    public var warnings: [String] {
        var warnings: [String] = []
        if sources.isEmpty, let shard = daemon.shard, !otherShards.isEmpty {
            warnings.append(
                "shard \(shard) owns none of the \(otherShards.count) source(s): this instance watches nothing")
        } else if sources.isEmpty {
            warnings.append("no [[sources]]: nothing will be watched")
        }
        if Self.hasPlaceholderContact(http.userAgent) {
            warnings.append(
                "http.user_agent still names a placeholder contact (\(http.userAgent)): "
                    + "give an address the site's operators can reach you at")
        }
        for notifier in notifiers where !notifier.unresolvedSecrets.isEmpty {
            warnings.append(
                "notifier \(notifier.name): \(notifier.unresolvedSecrets.joined(separator: "; ")) "
                    + "(this command only reads state; run, once and notify need it)")
        }
        return warnings
    }

    /// The shipped and example contacts: `CHANGE-ME`, or a domain reserved
    /// for examples (RFC 2606: example.org/.com/.net, .invalid).
    static func hasPlaceholderContact(_ userAgent: String) -> Bool {
        let lowered = userAgent.lowercased()
        if lowered.contains("change-me") || lowered.contains(".invalid") { return true }
        for domain in ["example.org", "example.com", "example.net"] {
            for prefix in ["@", "//", "."] where lowered.contains(prefix + domain) { return true }
        }
        return false
    }
}
