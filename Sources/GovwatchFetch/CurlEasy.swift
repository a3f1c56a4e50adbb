internal import CGovwatchCurl
import GovwatchCore

#if canImport(Glibc)
    import Glibc
#endif

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
        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = configuration.caFile { set(CURLOPT_CAINFO, caFile) }
        if let caPath = configuration.caPath { set(CURLOPT_CAPATH, caPath) }
        if let proxy = configuration.proxy { set(CURLOPT_PROXY, proxy) }
        let proxied = configuration.proxy != nil || Self.environmentNamesProxy
        var (headers, agentOption) = Self.headerLines(
            configuration, request, extraHeaders: extraHeaders, proxied: proxied)
        if let agentOption { set(CURLOPT_USERAGENT, agentOption) }
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

    /// Whether the environment names a proxy libcurl would use: it reads
    /// these (not `HTTP_PROXY`) for each transfer; a daemon's environment
    /// is fixed when it starts.
    static let environmentNamesProxy: Bool = {
        let names: [String] = ["http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
        return names.contains { name in getenv(name).map { $0.pointee != 0 } ?? false }
    }()

    /// The header lines of a request, and the User-Agent to set as an
    /// option instead of a line (nil: none, or it is a line).
    ///
    /// libcurl 7.88 prints `CURLOPT_USERAGENT` and `CURLOPT_REFERER` into a
    /// line of their own and then that line into the request, a byte at a
    /// time (about 115 instructions a byte); a line of the list is printed
    /// once. Twice cost 11,000 instructions a request, 4% of a warm cycle
    /// (callgrind). So both are lines, first in the list, where libcurl's
    /// own lines end (after Host, Accept and Accept-Encoding). A header the
    /// configuration or the request sets wins, as it did over libcurl's
    /// own. Through a proxy (`proxied`) the agent stays an option: libcurl's
    /// CONNECT to a proxy carries that one, not the list's lines.
    static func headerLines(
        _ configuration: FetchConfiguration, _ request: FetchRequest, extraHeaders: [String], proxied: Bool
    ) -> (lines: [String], agentOption: String?) {
        let given = configuration.headers + request.headers + extraHeaders
        var lines: [String] = []
        var agentOption: String?
        if proxied {
            agentOption = configuration.userAgent
        } else if !sets("user-agent", in: given) {
            lines.append("User-Agent: \(configuration.userAgent)")
        }
        if let referer = request.referer, !sets("referer", in: given) {
            lines.append("Referer: \(referer)")
        }
        return (lines + given, agentOption)
    }

    /// Whether `headers` has a line for `name` (lowercase), as libcurl
    /// tells: the name in any case, then `:` (or `;`, its way to send a
    /// header empty).
    static func sets(_ name: StaticString, in headers: [String]) -> Bool {
        let name = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return headers.contains { line in
            var bytes = line.utf8.makeIterator()
            for expected in name {
                guard let byte = bytes.next(), byte | 0x20 == expected else { return false }
            }
            let separator = bytes.next()
            return separator == UInt8(ascii: ":") || separator == UInt8(ascii: ";")
        }
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
