internal import CGovwatchCurl

#if canImport(Glibc)
    import Glibc
#endif

/// Sends one mail through an SMTP server with libcurl (smtp:// or smtps://,
/// STARTTLS on request, TLS verification always on). The blocking transfer
/// runs on a thread of its own, never on Swift's cooperative pool.
public enum CurlSMTP {
    public struct Message: Sendable {
        public var url: String
        public var from: String
        public var recipients: [String]
        public var username: String?
        public var password: String?
        /// Require STARTTLS on smtp:// (smtps:// is TLS from the start).
        public var requireTLS: Bool
        /// The RFC 5322 message, CRLF line endings.
        public var data: [UInt8]
        public var timeout: Duration

        public init(
            url: String, from: String, recipients: [String], username: String?, password: String?, requireTLS: Bool,
            data: [UInt8], timeout: Duration = .seconds(60)
        ) {
            self.url = url
            self.from = from
            self.recipients = recipients
            self.username = username
            self.password = password
            self.requireTLS = requireTLS
            self.data = data
            self.timeout = timeout
        }
    }

    public static func send(_ message: Message) async throws(FetchError) {
        let result: Result<Void, FetchError> = await withCheckedContinuation { continuation in
            let job = Unmanaged.passRetained(SMTPJob(message: message) { continuation.resume(returning: $0) })
            var thread = pthread_t()
            let started = pthread_create(
                &thread, nil,
                { context in
                    let job = Unmanaged<SMTPJob>.fromOpaque(context!).takeRetainedValue()
                    job.completion(job.perform())
                    return nil
                }, job.toOpaque())
            if started == 0 {
                pthread_detach(thread)
            } else {
                let job = job.takeRetainedValue()
                job.completion(
                    .failure(FetchError(.other, url: message.url, message: "cannot start a thread: error \(started)")))
            }
        }
        try result.get()
    }
}

/// One SMTP transfer: the easy handle and the upload position.
final class SMTPJob: @unchecked Sendable {
    let message: CurlSMTP.Message
    let completion: @Sendable (Result<Void, FetchError>) -> Void
    var offset = 0

    init(message: CurlSMTP.Message, completion: @escaping @Sendable (Result<Void, FetchError>) -> Void) {
        self.message = message
        self.completion = completion
    }

    func perform() -> Result<Void, FetchError> {
        _ = CurlGlobal.initialized
        guard let handle = curl_easy_init() else {
            return .failure(FetchError(.other, url: message.url, message: "curl_easy_init failed"))
        }
        defer { curl_easy_cleanup(handle) }
        var recipients: UnsafeMutablePointer<curl_slist>?
        for recipient in message.recipients { recipients = curl_slist_append(recipients, "<\(recipient)>") }
        defer { if let recipients { curl_slist_free_all(recipients) } }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        _ = cgovwatch_easy_setopt_string(handle, CURLOPT_URL, message.url)
        _ = cgovwatch_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        _ = cgovwatch_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = cgovwatch_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(message.from)>")
        _ = cgovwatch_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        _ = cgovwatch_easy_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = cgovwatch_easy_setopt_long(
            handle, CURLOPT_USE_SSL, Int(message.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue))
        _ = cgovwatch_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        _ = cgovwatch_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        let (seconds, attoseconds) = message.timeout.components
        _ = cgovwatch_easy_setopt_long(
            handle, CURLOPT_TIMEOUT_MS, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        if let username = message.username { _ = cgovwatch_easy_setopt_string(handle, CURLOPT_USERNAME, username) }
        if let password = message.password { _ = cgovwatch_easy_setopt_string(handle, CURLOPT_PASSWORD, password) }
        _ = cgovwatch_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = cgovwatch_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION, smtpRead)
        _ = cgovwatch_easy_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(self).toOpaque())
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            let text = String(cString: errorBuffer)
            let detail = text.isEmpty ? String(cString: curl_easy_strerror(code)) : text
            // The URL names only the server; credentials are never in it.
            return .failure(
                FetchError(
                    code == CURLE_OPERATION_TIMEDOUT ? .timeout : code == CURLE_COULDNT_CONNECT ? .connect : .other,
                    url: message.url, message: detail))
        }
        return .success(())
    }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, message.data.count - offset)
        guard count > 0 else { return 0 }
        message.data.withUnsafeBytes { raw in
            UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

private let smtpRead: cgovwatch_data_callback = { buffer, size, count, context in
    guard let buffer, let context else { return 0 }
    return Unmanaged<SMTPJob>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: size * count)
}
