import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// Notifiers against loopback fake endpoints that the tests start.
@Suite("notifiers: robots, webhook, mail", .serialized)
struct NotifierTests {
    static let clean = OnceEndToEndTests.clean
    static let h1Path = OnceEndToEndTests.h1Path

    /// A workspace configured with `notifiers` from the start, whose spool
    /// holds a baseline, a published and a changed report. (A notifier added
    /// later would start from then: see `aNotifierAddedLaterStartsFromThen`.)
    func workspace(notifiers: String, environment: [String: String] = [:]) throws -> Workspace {
        let site = try SimulatedSite()
        site.publish(
            .init(path: Self.h1Path, title: "2021年度市政府工作报告重点工作任务半年度完成情况", date: "2022-01-06", html: Self.clean))
        let workspace = try Workspace(site: site)
        try (try String(contentsOf: workspace.configURL, encoding: .utf8) + "\n" + notifiers)
            .write(to: workspace.configURL, atomically: true, encoding: .utf8)
        try #require(workspace.once(environment: environment).status == 0)
        let later = ReportPage.laterReport(
            from: Self.clean, title: "2021年度市政府工作报告重点工作任务1-11月完成情况",
            indexNumber: "001008009005001/2022-000001", advancing: [72])
        site.publish(
            .init(
                path: "/art/2022/1/6/art_1229429114_3680044.html", title: "2021年度市政府工作报告重点工作任务1-11月完成情况",
                date: "2022-01-06", html: later))
        try workspace.once(environment: environment)
        site.edit(Self.h1Path) { $0.html = ReportPage.addProgress("慈善工作新进展。", toRow: 72, in: Self.clean) }
        try workspace.once(environment: environment)
        #expect(try workspace.spooledAlerts().count == 3)
        return workspace
    }

    func notify(_ workspace: Workspace, _ environment: [String: String] = [:], _ command: String = "send") throws
        -> GovwatchBinary.Outcome
    {
        try GovwatchBinary.run(
            ["notify", command, "--config", workspace.configURL.path],
            environment: environment.merging(["GOVWATCH_NOTIFY_BACKOFF": "1ms"]) { $1 })
    }

    static func json(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    /// HMAC-SHA256 computed by Python's standard library, independently of our Swift code.
    static func pythonHMAC(key: String, message: String) throws -> String {
        let script =
            "import base64,hashlib,hmac,sys; print(base64.b64encode(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).digest()).decode())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, key, message]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    @Test func eachRobotGetsItsDocumentedFormatAndSignature() throws {
        let robot = try LoopbackHTTPServer { request in
            request.path.hasPrefix("/open-apis")
                ? .text("{\"code\":0,\"msg\":\"success\"}") : .text("{\"errcode\":0,\"errmsg\":\"ok\"}")
        }
        let notifiers = """
            [[notifiers]]
            name = "wecom"
            type = "wecom"
            url_env = "WECOM_URL"
            kinds = ["document.published", "document.changed"]

            [[notifiers]]
            name = "dingtalk"
            type = "dingtalk"
            url_env = "DINGTALK_URL"
            secret_env = "DINGTALK_SECRET"
            kinds = ["document.published", "document.changed"]

            [[notifiers]]
            name = "feishu"
            type = "feishu"
            url_env = "FEISHU_URL"
            secret_env = "FEISHU_SECRET"
            kinds = ["document.published", "document.changed"]

            [[notifiers]]
            name = "hook"
            type = "webhook"
            url = "\(robot.url("/hook"))"
            units = ["市慈善总会"]
            """
        let environment = [
            "WECOM_URL": robot.url("/cgi-bin/webhook/send?key=wecom-key-123"),
            "DINGTALK_URL": robot.url("/robot/send?access_token=ding-token-456"), "DINGTALK_SECRET": "SECding-secret",
            "FEISHU_URL": robot.url("/open-apis/bot/v2/hook/feishu-789"), "FEISHU_SECRET": "feishu-secret",
        ]
        let workspace = try workspace(notifiers: notifiers, environment: environment)
        let outcome = try notify(workspace, environment)
        #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")

        let requests = robot.requests
        let wecom = requests.filter { $0.path.hasPrefix("/cgi-bin/webhook/send") }
        #expect(wecom.count == 2)
        for request in wecom {
            let body = Self.json(request.body)
            #expect(body["msgtype"] as? String == "markdown")
            let content = (body["markdown"] as? [String: Any])?["content"] as? String ?? ""
            #expect(content.contains("2021年度市政府工作报告重点工作任务"))
            #expect(content.utf8.count <= 4096)
        }
        #expect(
            wecom.contains {
                (Self.json($0.body)["markdown"] as? [String: Any])?["content"] as? String ?? "" ~= "新进展：慈善工作新进展。"
            })

        let ding = requests.filter { $0.path.hasPrefix("/robot/send") }
        #expect(ding.count == 2)
        for request in ding {
            let query = URLComponents(string: "http://x\(request.path)")?.queryItems ?? []
            let timestamp = try #require(query.first { $0.name == "timestamp" }?.value)
            let sign = try #require(query.first { $0.name == "sign" }?.value)
            #expect(sign == (try Self.pythonHMAC(key: "SECding-secret", message: "\(timestamp)\nSECding-secret")))
            #expect(query.first { $0.name == "access_token" }?.value == "ding-token-456")
            let markdown = Self.json(request.body)["markdown"] as? [String: Any]
            #expect((markdown?["title"] as? String)?.hasPrefix("【政务公开提醒】") == true)
        }

        let feishu = requests.filter { $0.path.hasPrefix("/open-apis") }
        #expect(feishu.count == 2)
        for request in feishu {
            let body = Self.json(request.body)
            let timestamp = try #require(body["timestamp"] as? String)
            #expect(body["sign"] as? String == (try Self.pythonHMAC(key: "\(timestamp)\nfeishu-secret", message: "")))
            #expect(body["msg_type"] as? String == "post")
            let post = ((body["content"] as? [String: Any])?["post"] as? [String: Any])?["zh_cn"] as? [String: Any]
            #expect((post?["title"] as? String)?.contains("2021年度") == true)
        }

        // The webhook's filter: only alerts touching tasks led by 市慈善总会 (the published series and the change of task 72).
        let hooks = requests.filter { $0.path == "/hook" }
        #expect(hooks.count == 2)
        #expect(
            hooks.allSatisfy {
                $0.headers["idempotency-key"]?.count == 16
                    && $0.headers["content-type"]?.hasPrefix("application/json") == true
            })

        // Secrets never appear in what govwatch prints.
        for secret in ["wecom-key-123", "ding-token-456", "SECding-secret", "feishu-secret", "feishu-789"] {
            #expect(!outcome.stdout.contains(secret) && !outcome.stderr.contains(secret))
        }
        // A second pass sends nothing: everything was acknowledged.
        #expect(try notify(workspace, environment).status == 0)
        #expect(robot.requests.count == requests.count)
    }

    @Test func endpointDownThenUpDeliversEachAlertOnceInOrder() throws {
        let down = Down()
        let hook = try LoopbackHTTPServer { _ in down.isDown ? .respond(status: 502) : .text("ok") }
        let workspace = try workspace(
            notifiers: """
                [[notifiers]]
                name = "hook"
                type = "webhook"
                url = "\(hook.url("/hook"))"
                """)
        down.set(true)
        let failed = try notify(workspace)
        #expect(failed.status == 75)
        #expect(failed.stdout.contains("failing: bad gateway") || failed.stdout.contains("HTTP 502"))
        let status = try notify(workspace, [:], "status")
        #expect(status.stdout.contains("FAILING (1 in a row)"))
        down.set(false)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(try notify(workspace).status == 0)
        #expect(try notify(workspace).status == 0)
        // the first answered 502
        let delivered = hook.requests.filter { $0.headers["idempotency-key"] != nil }.dropFirst()
        let ids = delivered.flatMap { request in
            (Self.json(request.body)["alerts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        let spooled = try workspace.spooledAlerts().map { $0["id"] as! String }
        #expect(ids == spooled, "each alert once, in spool order")
        #expect(try notify(workspace, [:], "status").stdout.contains("3 alert(s) delivered"))
    }

    @Test func crashAfterSendingRepeatsAtMostThatMessage() throws {
        let hook = try LoopbackHTTPServer { _ in .text("ok") }
        let workspace = try workspace(
            notifiers: """
                [[notifiers]]
                name = "hook"
                type = "webhook"
                url = "\(hook.url("/hook"))"
                """)
        let crashed = try notify(workspace, ["GOVWATCH_TEST_CRASH": "after-notify-send"])
        #expect(crashed.status == 99)
        #expect(try notify(workspace).status == 0)
        let keys = hook.requests.map { $0.headers["idempotency-key"] ?? "" }
        #expect(keys.count == 4)  // 3 alerts, the first message sent twice
        #expect(keys[0] == keys[1], "the repeat carries the same idempotency key")
        #expect(Set(keys).count == 3)
    }

    @Test func burstIsBatchedWithinTheRateLimit() throws {
        let hook = try LoopbackHTTPServer { _ in .text("ok") }
        let workspace = try workspace(
            notifiers: """
                [[notifiers]]
                name = "robot"
                type = "webhook"
                url = "\(hook.url("/hook"))"
                rate_per_minute = 20
                """)
        // 100 more alerts land in the spool at once.
        let template = try #require(try workspace.spooledAlerts().last)
        for index in 0..<100 {
            var alert = template
            alert.removeValue(forKey: "_file")
            let id = String(format: "%032x", 0xABC000 + index)
            alert["id"] = id
            let data = try JSONSerialization.data(withJSONObject: alert)
            try data.write(
                to: workspace.spoolNew.appendingPathComponent("\(Int(Date().timeIntervalSince1970)).\(id).json"))
        }
        #expect(try notify(workspace).status == 0)
        let messages = hook.requests
        #expect(messages.count <= 20)
        let ids = messages.flatMap {
            (Self.json($0.body)["alerts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(ids.count == 103 && Set(ids).count == 103, "nothing dropped, nothing twice")
    }

    @Test func mailIsAWellFormedUTF8Message() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sendmail = folder.appendingPathComponent("sendmail")
        try
            "#!/bin/sh\n[ \"$1 $2\" = \"-t -oi\" ] || exit 64\ncat >> \(folder.path)/outbox.eml\necho '--END--' >> \(folder.path)/outbox.eml\n"
            .write(to: sendmail, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail.path)
        let workspace = try workspace(
            notifiers: """
                [[notifiers]]
                name = "mail"
                type = "mail"
                to = ["reviewer@example.org", "editor@example.org"]
                from = "govwatch@example.org"
                sendmail = "\(sendmail.path)"
                kinds = ["document.changed"]
                """)
        #expect(try notify(workspace).status == 0)
        let mail = try String(contentsOf: folder.appendingPathComponent("outbox.eml"), encoding: .utf8)
        let message = try #require(mail.components(separatedBy: "--END--").first)
        let parts = message.components(separatedBy: "\r\n\r\n")
        let headers = parts[0]
        #expect(headers.contains("To: reviewer@example.org, editor@example.org"))
        #expect(headers.contains("Subject: =?UTF-8?B?"))
        #expect(headers.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(headers.contains("Content-Transfer-Encoding: base64"))
        #expect(!headers.unicodeScalars.contains { $0.value > 127 }, "headers are ASCII (encoded words)")
        let body = String(
            decoding: Data(base64Encoded: parts[1].replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
        #expect(body.contains("报告更新"))
        #expect(body.contains("新进展：慈善工作新进展。"))
    }

    @Test func mailThroughAnSMTPServer() throws {
        let smtp = try FakeSMTPServer()
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let password = folder.appendingPathComponent("password")
        try "s3cret-pass\n".write(to: password, atomically: true, encoding: .utf8)
        let workspace = try workspace(
            notifiers: """
                [[notifiers]]
                name = "smtp"
                type = "mail"
                to = ["reviewer@example.org"]
                from = "govwatch@example.org"
                smtp_url = "\(smtp.url)"
                smtp_password_file = "\(password.path)"
                smtp_starttls = false
                kinds = ["document.published"]
                """)
        let outcome = try notify(workspace)
        #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
        let mail = try #require(smtp.mails.first)
        #expect(smtp.mails.count == 1)
        #expect(mail.from == "<govwatch@example.org>")
        #expect(mail.recipients == ["<reviewer@example.org>"])
        #expect(mail.data.contains("Subject: =?UTF-8?B?"))
        let body = try #require(mail.data.components(separatedBy: "\r\n\r\n").last)
        let text = String(
            decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: ""))!, as: UTF8.self)
        #expect(text.contains("新报告"))
        #expect(!outcome.stdout.contains("s3cret-pass") && !outcome.stderr.contains("s3cret-pass"))
    }

    @Test func robotKeysMayNotBeInline() throws {
        let workspace = try Workspace(site: try SimulatedSite())
        try
            (try String(contentsOf: workspace.configURL, encoding: .utf8) + """

                [[notifiers]]
                name = "wecom"
                type = "wecom"
                url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET"
                """).write(to: workspace.configURL, atomically: true, encoding: .utf8)
        let outcome = try GovwatchBinary.run(["config", "check", workspace.configURL.path])
        #expect(outcome.status == 78)
        #expect(outcome.stderr.contains("notifiers[0].url: holds a key: give it with url_file or url_env, not inline"))
    }

    final class Down: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var isDown: Bool {
            lock.lock()
            defer { lock.unlock() }
            return value
        }
        func set(_ down: Bool) {
            lock.lock()
            value = down
            lock.unlock()
        }
    }

    /// A notifier added to a running installation starts from then: the
    /// backlog (the baseline included) is not sent to a group chat, and
    /// `notify status` says from when.
    @Test func aNotifierAddedLaterStartsFromThen() throws {
        let hook = try LoopbackHTTPServer { _ in .text("ok") }
        let workspace = try workspace(notifiers: "")
        try
            (try String(contentsOf: workspace.configURL, encoding: .utf8)
            + "\n[[notifiers]]\nname = \"late\"\ntype = \"webhook\"\nurl = \"\(hook.url("/late"))\"\n")
            .write(to: workspace.configURL, atomically: true, encoding: .utf8)
        let send = try notify(workspace)
        #expect(send.status == 0, "\(send.stdout) \(send.stderr)")
        #expect(send.stdout.contains("late: sent 0 message(s) with 0 alert(s), 0 pending"), "\(send.stdout)")
        #expect(hook.requests.isEmpty)
        let status = try notify(workspace, [:], "status")
        #expect(status.stdout.contains("0 alert(s) delivered"), "\(status.stdout)")
        #expect(status.stdout.contains(", sending alerts from 20"), "\(status.stdout)")
        // What is detected from now on is sent.
        workspace.site.edit(Self.h1Path) { $0.html = ReportPage.addProgress("再一次新进展。", toRow: 72, in: Self.clean) }
        try workspace.once()
        #expect(try notify(workspace).stdout.contains("late: sent 1 message(s) with 1 alert(s)"))
    }
}

private func ~= (text: String, needle: String) -> Bool {
    text.contains(needle)
}
