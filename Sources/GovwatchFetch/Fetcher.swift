public import GovwatchCore
import Synchronization

/// Remembers conditional-request validators per URL. The daemon persists
/// them in its store; ``InMemoryValidatorStore`` serves tests and one-shot commands.
public protocol ValidatorStore: Sendable {
    func validators(for url: String) async -> Validators?
    func store(_ validators: Validators, for url: String) async
}

public final class InMemoryValidatorStore: ValidatorStore {
    private let values = Mutex<[String: Validators]>([:])
    public init() {}
    public func validators(for url: String) async -> Validators? { values.withLock { $0[url] } }
    public func store(_ validators: Validators, for url: String) async { values.withLock { $0[url] = validators } }
}

/// The fetch layer: libcurl transfers (``CurlMultiEngine``) under the
/// politeness rules (``PolitenessGate``), with conditional requests and
/// HTTP-level classification.
///
/// `fetch` returns 2xx and 304 answers. Everything else throws a typed
/// ``FetchError``: `.blocked` for an anti-bot challenge (403/406/412 with a
/// script), `.http` for other error statuses, transport codes otherwise.
public final class Fetcher: Sendable {
    public let configuration: FetchConfiguration
    public let gate: PolitenessGate
    /// Requests, bytes and politeness waits per host, for the metrics file.
    public let statistics = FetchStatistics()
    public let engine: CurlMultiEngine
    let validators: any ValidatorStore

    public init(
        configuration: FetchConfiguration = FetchConfiguration(),
        validators: any ValidatorStore = InMemoryValidatorStore(),
        engine: CurlMultiEngine = .shared
    ) {
        self.configuration = configuration
        self.gate = PolitenessGate(configuration: configuration)
        self.engine = engine
        self.validators = validators
    }

    /// Host keys by the part of a URL that decides them (``CurlURL/authority(of:)``):
    /// parsing with CURLU costs ~13,000 instructions a URL, 4% of a warm
    /// cycle of 1,000 articles (callgrind), and a site's articles share a
    /// few hosts. Kept per URL before, the cache missed every article of a
    /// one-shot run and thrashed past 8,192 documents in the daemon.
    private let hostKeys = Mutex<[String: String]>([:])

    /// `host[:port]`, the unit of politeness (see ``CurlURL/hostKey(of:)``):
    /// the same key and the same nil as libcurl's parser gives `url`.
    public func hostKey(of url: String) -> String? {
        guard let authority = CurlURL.authority(of: url) else { return CurlURL.hostKey(of: url) }
        if let known = hostKeys.withLock({ $0[authority] }) { return known }
        guard let key = CurlURL.hostKey(of: url) else { return nil }
        hostKeys.withLock { keys in
            if keys.count >= 8192 { keys.removeAll(keepingCapacity: true) }
            keys[authority] = key
        }
        return key
    }

    public func fetch(_ request: FetchRequest) async throws(FetchError) -> FetchResponse {
        guard let host = hostKey(of: request.url) else {
            throw FetchError(.unsupportedURL, url: request.url, message: "not an absolute http(s) URL")
        }
        var conditionalHeaders: [String] = []
        let remembered =
            request.validators == nil && request.conditional ? await validators.validators(for: request.url) : nil
        if request.conditional, let known = request.validators ?? remembered {
            if let etag = known.etag { conditionalHeaders.append("If-None-Match: \(etag)") }
            if let lastModified = known.lastModified { conditionalHeaders.append("If-Modified-Since: \(lastModified)") }
        }
        let waitStart = ContinuousClock.now
        do {
            try await gate.acquire(host: host)
        } catch {
            throw FetchError(.cancelled, url: request.url, message: "cancelled while waiting for \(host)")
        }
        let waited = ContinuousClock.now - waitStart
        let result: Result<FetchResponse, FetchError>
        do {
            result = .success(
                try await engine.perform(request, extraHeaders: conditionalHeaders, configuration: configuration))
        } catch {
            result = .failure(error)
        }
        switch result {
        case let .failure(error):
            statistics.record(host: host, status: error.status, bytes: 0, waited: waited)
            gate.release(host: host, outcome: error.code == .cancelled || error.code == .tooLarge ? .success : .failure)
            throw error
        case let .success(response):
            statistics.record(host: host, status: response.status, bytes: response.body.count, waited: waited)
            let classified = Self.classify(response)
            switch classified {
            case .success:
                gate.release(host: host, outcome: .success)
                if response.status / 100 == 2, request.validators == nil, request.conditional {
                    let fresh = Validators(etag: response.etag, lastModified: response.lastModified)
                    if !fresh.isEmpty { await validators.store(fresh, for: request.url) }
                }
                return response
            case let .failure(error):
                if let seconds = error.retryAfter {
                    gate.release(host: host, outcome: .deferred(.milliseconds(Int64(seconds * 1000))))
                } else if Self.meansServerTrouble(error) {
                    gate.release(host: host, outcome: .failure)
                } else {
                    gate.release(host: host, outcome: .success)  // 404, 410, 400…: the server is fine
                }
                throw error
            }
        }
    }

    /// Whether an HTTP error says the server is struggling or refusing us
    /// (5xx, 429, blocked), which backs the host off; a 404 does not.
    static func meansServerTrouble(_ error: FetchError) -> Bool {
        guard let status = error.status else { return true }
        return error.code == .blocked || status == 429 || status >= 500
    }

    /// Turns a completed HTTP exchange into a result by its status and body.
    static func classify(_ response: FetchResponse) -> Result<FetchResponse, FetchError> {
        let status = response.status
        if (200..<300).contains(status) || status == 304 { return .success(response) }
        if [403, 405, 406, 412, 418, 202].contains(status), BlockPage.isChallenge(response.body) {
            return .failure(
                FetchError(
                    .blocked, url: response.url, status: status,
                    message: "anti-bot challenge page (script, no content); the site is blocking this client"))
        }
        var retryAfter: Double?
        if status == 429 || status == 503, let header = response.headers["retry-after"] {
            retryAfter = RetryAfter.seconds(header)
        }
        let reason = retryAfter.map { "the server asks to retry after \(Int($0)) s" } ?? ""
        return .failure(FetchError(.http, url: response.url, status: status, retryAfter: retryAfter, message: reason))
    }
}

/// Recognizes WAF challenge pages: small, script-driven, no article content.
enum BlockPage {
    static func isChallenge(_ body: [UInt8]) -> Bool {
        guard !body.isEmpty, body.count < 256 * 1024 else { return false }
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self).lowercased()
        guard text.contains("<script") else { return false }
        let markers = [
            "document.cookie", "challenge", "location.reload", "window.location", "eval(", "setTimeout(",
            "waf", "ajax_get_cookie", "_0x", "probe",
        ]
        return markers.contains(where: text.contains) || !text.contains("<table")
    }
}

/// Parses `Retry-After`: delay seconds or an HTTP-date.
public enum RetryAfter {
    public static func seconds(_ value: String, now: Double = currentEpochSeconds()) -> Double? {
        let trimmed = value.trimmingCharacters(in: " \t\r\n")
        if let seconds = Double(trimmed), seconds >= 0 { return seconds }
        guard let date = HTTPDate.epochSeconds(trimmed) else { return nil }
        return max(0, date - now)
    }
}
