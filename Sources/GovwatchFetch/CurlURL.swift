internal import CGovwatchCurl

/// libcurl's global state, initialised once per process before any handle.
enum CurlGlobal {
    static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
        return true
    }()
}

/// URL parts through libcurl's own URL parser (CURLU), so politeness keys
/// agree with what libcurl connects to.
public enum CurlURL {
    /// `host[:port]` of an absolute http(s) URL, lowercased; nil when libcurl rejects it.
    public static func hostKey(of url: String) -> String? {
        _ = CurlGlobal.initialized
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK else {
            return nil
        }
        var host: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, CURLUPART_HOST, &host, 0) == CURLUE_OK, let host else { return nil }
        var key = String(cString: host).lowercased()
        curl_free(host)
        var port: UnsafeMutablePointer<CChar>?
        if curl_url_get(handle, CURLUPART_PORT, &port, 0) == CURLUE_OK, let port {
            key += ":" + String(cString: port)
            curl_free(port)
        }
        return key
    }

    /// `scheme://authority` of `url`, the only part its host key depends on
    /// (libcurl's parser ends a host at the first `/`, `?` or `#`), when the
    /// rest is bytes the parser takes as they are: none a space, a control
    /// or DEL, which it refuses, and the authority is not empty. Nil
    /// otherwise (ask ``hostKey(of:)``), so that two URLs with one
    /// authority have one key and the same validity.
    static func authority(of url: String) -> String? {
        var url = url
        // Over the bytes in place: through String's UTF-8 view, the scans
        // cost 2,500 instructions a URL, a fifth of the parse they save.
        return url.withUTF8 { bytes in
            authorityLength(bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[..<$0]), as: UTF8.self) }
        }
    }

    /// How many bytes of `bytes` ``authority(of:)`` keeps; nil when none.
    private static func authorityLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let slash = UInt8(ascii: "/")
        guard !bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }),
            let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 2 < bytes.count,
            bytes[colon + 1] == slash, bytes[colon + 2] == slash
        else { return nil }
        var end = colon + 3
        while end < bytes.count, bytes[end] != slash, bytes[end] != UInt8(ascii: "?"), bytes[end] != UInt8(ascii: "#") {
            end += 1
        }
        // None: libcurl skips up to three slashes after the scheme
        // (`http:///a.test/`), so its host is not in these bytes.
        return end > colon + 3 ? end : nil
    }

    /// Percent-encodes one form field name or value (`application/x-www-form-urlencoded`).
    static func formEncode(_ text: String) -> String {
        var output: [UInt8] = []
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
