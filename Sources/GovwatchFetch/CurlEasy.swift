internal import CGovwatchCurl
import GovwatchCore

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

/// One libcurl easy handle and the buffers its callbacks fill. Lives on the
/// engine thread from `start` to `finish`; nothing here is touched elsewhere.
final class CurlTransfer {
    let id: UInt64
    let request: FetchRequest
    let handle: UnsafeMutableRawPointer
    let maxBody: Int
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    var exceededMaxBody = false
    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    let completion: @Sendable (Result<FetchResponse, FetchError>) -> Void

    /// Whether `deinit` cleans the handle up (not after ``recycle()``).
    private var ownsHandle = true

    /// `reusing`: a handle from an earlier transfer, already reset.
    init?(
        id: UInt64, request: FetchRequest, extraHeaders: [String], configuration: FetchConfiguration,
        reusing spare: UnsafeMutableRawPointer? = nil,
        completion: @escaping @Sendable (Result<FetchResponse, FetchError>) -> Void
    ) {
        _ = CurlGlobal.initialized
        guard let handle = spare ?? curl_easy_init() else { return nil }
        self.id = id
        self.request = request
        self.handle = handle
        self.maxBody = configuration.maxBodyBytes
        self.completion = completion
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure(configuration, extraHeaders: extraHeaders)
    }

    deinit {
        if ownsHandle { curl_easy_cleanup(handle) }
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// Resets the finished handle to libcurl's defaults and hands it over
    /// for the next transfer: cheaper than a cleanup and a fresh init.
    func recycle() -> UnsafeMutableRawPointer {
        curl_easy_reset(handle)
        ownsHandle = false
        return handle
    }

    private func set(_ option: CURLoption, _ value: Int) {
        _ = cgovwatch_easy_setopt_long(handle, option, value)
    }

    private func set(_ option: CURLoption, _ value: String) {
        _ = cgovwatch_easy_setopt_string(handle, option, value)  // libcurl copies strings
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }

    private func configure(_ configuration: FetchConfiguration, extraHeaders: [String]) {
        set(CURLOPT_URL, request.url)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        set(CURLOPT_FOLLOWLOCATION, 1)
        set(CURLOPT_MAXREDIRS, configuration.maxRedirects)
        set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding this libcurl can decode
        set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        set(CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.totalTimeout))
        set(CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedLimit)
        set(CURLOPT_LOW_SPEED_TIME, max(1, Self.milliseconds(configuration.lowSpeedTime) / 1000))
        _ = cgovwatch_easy_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxBodyBytes))
        set(CURLOPT_USERAGENT, configuration.userAgent)
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = configuration.caFile { set(CURLOPT_CAINFO, caFile) }
        if let caPath = configuration.caPath { set(CURLOPT_CAPATH, caPath) }
        if let proxy = configuration.proxy { set(CURLOPT_PROXY, proxy) }
        if let referer = request.referer { set(CURLOPT_REFERER, referer) }
        var headers = configuration.headers + request.headers + extraHeaders
        if case let .post(_, contentType) = request.method { headers.append("Content-Type: \(contentType)") }
        for header in headers {
            headerList = curl_slist_append(headerList, header)
        }
        if let headerList { _ = cgovwatch_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList) }
        if case let .postForm(fields) = request.method {
            let body = fields.map { CurlURL.formEncode($0.0) + "=" + CurlURL.formEncode($0.1) }.joined(separator: "&")
            set(CURLOPT_POST, 1)
            _ = cgovwatch_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.utf8.count))
            set(CURLOPT_COPYPOSTFIELDS, body)
        }
        if case let .post(body, _) = request.method {
            set(CURLOPT_POST, 1)
            _ = cgovwatch_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            // COPYPOSTFIELDS copies exactly POSTFIELDSIZE bytes (binary-safe).
            body.withUnsafeBytes { raw in
                _ = cgovwatch_easy_setopt_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            }
        }
        _ = cgovwatch_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = cgovwatch_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = cgovwatch_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = cgovwatch_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = cgovwatch_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
    }

    func appendBody(_ pointer: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        if body.count + count > maxBody {
            exceededMaxBody = true
            return 0  // makes libcurl abort with CURLE_WRITE_ERROR
        }
        pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
            body.append(contentsOf: UnsafeBufferPointer(start: $0, count: count))
        }
        return count
    }

    /// Response headers govwatch reads; others are not even turned into
    /// strings (this callback runs for every header of every response).
    static let keptHeaders: [[UInt8]] = [
        "content-type", "etag", "last-modified", "retry-after", "location",
        "content-length", "content-encoding", "date",
    ].map { Array($0.utf8) }

    func appendHeader(_ pointer: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        pointer.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
            let line = UnsafeBufferPointer(start: bytes, count: count)
            if count >= 5, line[0] == UInt8(ascii: "H"), line[1] == UInt8(ascii: "T"), line[2] == UInt8(ascii: "T"),
                line[3] == UInt8(ascii: "P"), line[4] == UInt8(ascii: "/")
            {
                headers.removeAll()  // a new response (after a redirect or 100-continue)
                return
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
            guard
                let name = Self.keptHeaders.first(where: { known in
                    known.count == colon && zip(known, line[..<colon]).allSatisfy { $0 == ($1 | 0x20) }
                })
            else { return }
            let nameString = String(decoding: name, as: UTF8.self)
            var start = colon + 1
            var end = count
            let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
            while start < end, blank(line[start]) { start += 1 }
            while end > start, blank(line[end - 1]) { end -= 1 }
            let value = String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
            headers[nameString] = value
            // Size the body buffer once instead of doubling through it.
            if nameString == "content-length", let length = Int(value), length > 0, body.isEmpty {
                body.reserveCapacity(min(length, maxBody))
            }
        }
        return count
    }

    func long(_ info: CURLINFO) -> Int {
        var value = 0
        _ = cgovwatch_easy_getinfo_long(handle, info, &value)
        return value
    }

    var effectiveURL: String {
        var pointer: UnsafeMutablePointer<CChar>?
        _ = cgovwatch_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &pointer)
        return pointer.map { String(cString: $0) } ?? request.url
    }

    var errorMessage: String { String(cString: errorBuffer) }

    /// The outcome of a finished transfer, from libcurl's result code.
    func outcome(_ code: CURLcode) -> Result<FetchResponse, FetchError> {
        let url = request.url
        let message = errorMessage.isEmpty ? String(cString: curl_easy_strerror(code)) : errorMessage
        switch code {
        case CURLE_OK:
            return .success(
                FetchResponse(
                    url: url, effectiveURL: effectiveURL, status: long(CURLINFO_RESPONSE_CODE),
                    headers: headers, body: body, redirectCount: long(CURLINFO_REDIRECT_COUNT)
                ))
        case CURLE_WRITE_ERROR where exceededMaxBody, CURLE_FILESIZE_EXCEEDED:
            return .failure(
                FetchError(
                    .tooLarge, url: url,
                    message: "larger than max_body (\(ByteSize.format(maxBody))); transfer aborted"))
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .failure(FetchError(.dns, url: url, message: message))
        case CURLE_COULDNT_CONNECT:
            return .failure(FetchError(.connect, url: url, message: message))
        case CURLE_OPERATION_TIMEDOUT:
            return .failure(FetchError(.timeout, url: url, message: message))
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND:
            return .failure(FetchError(.tls, url: url, message: message))
        case CURLE_TOO_MANY_REDIRECTS:
            return .failure(FetchError(.tooManyRedirects, url: url, message: message))
        case CURLE_UNSUPPORTED_PROTOCOL:
            let redirected = long(CURLINFO_REDIRECT_COUNT) > 0 || headers["location"] != nil
            return .failure(FetchError(redirected ? .badRedirect : .unsupportedURL, url: url, message: message))
        case CURLE_URL_MALFORMAT:
            return .failure(FetchError(.unsupportedURL, url: url, message: message))
        case CURLE_PARTIAL_FILE:
            return .failure(
                FetchError(
                    .cutShort, url: url,
                    message: "the connection closed after \(ByteSize.format(body.count)) of the announced body"))
        case CURLE_OUT_OF_MEMORY where long(CURLINFO_RESPONSE_CODE) > 0 && body.isEmpty,
            CURLE_RECV_ERROR where message.lowercased().contains("header"):
            // libcurl refuses a header past CURL_MAX_HTTP_HEADER (100 KB) with
            // "out of memory", after the status line and before any body.
            return .failure(
                FetchError(.headersTooLarge, url: url, message: "over libcurl's limit of 100 KB (\(message))"))
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_HTTP2_STREAM, CURLE_HTTP2:
            return .failure(FetchError(.reset, url: url, message: message))
        default:
            return .failure(FetchError(.other, url: url, message: message))
        }
    }
}

private let curlWriteBody: cgovwatch_data_callback = { pointer, size, count, context in
    guard let pointer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.appendBody(pointer, size * count)
}

private let curlWriteHeader: cgovwatch_data_callback = { pointer, size, count, context in
    guard let pointer, let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.appendHeader(pointer, size * count)
}
