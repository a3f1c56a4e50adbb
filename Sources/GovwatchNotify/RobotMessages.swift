import Crypto
import Foundation
public import GovwatchConfig
public import GovwatchCore

/// Builds each platform's documented robot message (markdown where it is
/// supported) and its documented signature.
public enum RobotMessages {
    /// A request ready to send: URL (signed when needed), JSON body, headers.
    public struct Request: Sendable {
        public var url: String
        public var body: [UInt8]
        public var headers: [String]
    }

    static func json(_ object: Any) -> [UInt8] {
        [UInt8](
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data())
    }

    /// 企业微信群机器人: `{"msgtype":"markdown","markdown":{"content":…}}`, content ≤ 4096 bytes.
    public static func wecom(_ alerts: [Alert], notifier: GovwatchConfiguration.Notifier) -> Request {
        let title = NotificationText.title(alerts, prefix: notifier.title)
        let content = NotificationText.truncate(
            "**\(title)**\n" + NotificationText.markdown(alerts, limit: 4000), utf8Limit: 4096)
        return Request(
            url: notifier.url ?? "", body: json(["msgtype": "markdown", "markdown": ["content": content]]), headers: [])
    }

    /// 钉钉自定义机器人: markdown message; with a secret, `timestamp` (ms) and
    /// `sign` = Base64(HMAC-SHA256(secret, "timestamp\nsecret")) go in the query.
    public static func dingtalk(_ alerts: [Alert], notifier: GovwatchConfiguration.Notifier, now: Timestamp) -> Request
    {
        let title = NotificationText.title(alerts, prefix: notifier.title)
        let text = "#### \(title)\n\n" + NotificationText.markdown(alerts, limit: 18000)
        var url = notifier.url ?? ""
        if let secret = notifier.secret {
            let timestamp = String(Int64(now.epochSeconds * 1000))
            let sign = dingtalkSignature(timestamp: timestamp, secret: secret)
            url += (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(percentEncoded(sign))"
        }
        return Request(
            url: url, body: json(["msgtype": "markdown", "markdown": ["title": title, "text": text]]), headers: [])
    }

    public static func dingtalkSignature(timestamp: String, secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(code).base64EncodedString()
    }

    /// 飞书自定义机器人: a `post` (rich text) message; with a secret,
    /// `timestamp` (s) and `sign` = Base64(HMAC-SHA256(key: "timestamp\nsecret", message: empty)) in the body.
    public static func feishu(_ alerts: [Alert], notifier: GovwatchConfiguration.Notifier, now: Timestamp) -> Request {
        let title = NotificationText.title(alerts, prefix: notifier.title)
        var paragraphs: [[[String: String]]] = []
        for line in NotificationText.plain(alerts, heading: false).split(
            separator: "\n", omittingEmptySubsequences: false)
        where !line.hasPrefix("[查看原文]") {
            paragraphs.append([["tag": "text", "text": String(line)]])
        }
        for url in alerts.compactMap(\.url) { paragraphs.append([["tag": "a", "text": "查看原文", "href": url]]) }
        var body: [String: Any] = [
            "msg_type": "post",
            "content": ["post": ["zh_cn": ["title": title, "content": paragraphs]]],
        ]
        if let secret = notifier.secret {
            let timestamp = String(Int64(now.epochSeconds))
            body["timestamp"] = timestamp
            body["sign"] = feishuSignature(timestamp: timestamp, secret: secret)
        }
        return Request(url: notifier.url ?? "", body: json(body), headers: [])
    }

    public static func feishuSignature(timestamp: String, secret: String) -> String {
        let key = SymmetricKey(data: Data("\(timestamp)\n\(secret)".utf8))
        return Data(HMAC<SHA256>.authenticationCode(for: Data(), using: key)).base64EncodedString()
    }

    /// A generic webhook: the alerts as JSON, with an idempotency key the
    /// receiver can use to drop a repeat after a crash.
    public static func webhook(_ alerts: [Alert], notifier: GovwatchConfiguration.Notifier) -> Request {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let objects = alerts.compactMap { alert in
            (try? encoder.encode(alert)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
        }
        return Request(
            url: notifier.url ?? "", body: json(["source": "govwatch", "alerts": objects]),
            headers: ["Idempotency-Key: \(batchKey(alerts))", "X-Govwatch-Alerts: \(alerts.count)"])
    }

    /// The same batch always has the same key.
    public static func batchKey(_ alerts: [Alert]) -> String {
        StableHash.hex(of: ["govwatch-batch"] + alerts.map(\.id))
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// True when the platform says the message was accepted: HTTP 2xx and,
    /// for robots, `errcode` (WeCom, DingTalk) or `code`/`StatusCode` (Feishu) 0.
    public static func accepted(_ type: GovwatchConfiguration.NotifierType, status: Int, body: [UInt8]) -> (
        Bool, String?
    ) {
        guard (200..<300).contains(status) else { return (false, "HTTP \(status)") }
        if type == .webhook { return (true, nil) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return (false, "answer is not JSON")
        }
        for key in ["errcode", "code", "StatusCode"] {
            if let code = object[key] as? Int {
                if code == 0 { return (true, nil) }
                let message = (object["errmsg"] ?? object["msg"] ?? object["StatusMessage"]).map { "\($0)" } ?? ""
                return (false, "\(key) \(code) \(message)")
            }
        }
        return (false, "answer has no status code")
    }
}
