/// The shape of an absolute http(s) URL, checked without a network library.
///
/// The configuration rejects a source URL that this does not accept, and the
/// composition additionally checks it with libcurl's own parser (see
/// `ConfigurationLoader`'s `urlCheck`), so what loads is what fetches.
public enum URLSyntax {
    /// `host[:port]` of an absolute http(s) URL, lowercased; nil when it is
    /// not one: another scheme, no host, a port that is not a number, or
    /// white space or control characters anywhere.
    public static func hostKey(of url: String) -> String? {
        let lowered = url.lowercased()
        let rest: Substring
        if lowered.hasPrefix("http://") {
            rest = lowered.dropFirst(7)
        } else if lowered.hasPrefix("https://") {
            rest = lowered.dropFirst(8)
        } else {
            return nil
        }
        guard !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else { return nil }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        var host = hostAndPort
        var port: Substring?
        if hostAndPort.hasPrefix("[") {
            // An IPv6 literal: [::1]:8080
            guard let close = hostAndPort.firstIndex(of: "]") else { return nil }
            host = hostAndPort[...close]
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                port = after.dropFirst()
            }
        } else if let colon = hostAndPort.lastIndex(of: ":") {
            host = hostAndPort[..<colon]
            port = hostAndPort[hostAndPort.index(after: colon)...]
        }
        guard !host.isEmpty, host != "[]" else { return nil }
        guard let port else { return String(host) }
        guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII), let number = Int(port), number <= 65535 else {
            return nil
        }
        return "\(host):\(number)"
    }
}
