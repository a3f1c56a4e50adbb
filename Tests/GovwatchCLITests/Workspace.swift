import Foundation
import GovwatchTestKit

/// A temporary state/spool/log folder and a config pointing at a simulated site.
final class Workspace {
    let root: URL
    let site: SimulatedSite
    var seenAlerts: Set<String> = []

    init(
        site: SimulatedSite, extraSource: String = "", failureThreshold: Int = 3, baseline: String = "silent",
        extraDaemon: String = "", sources: String? = nil
    ) throws {
        self.site = site
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("govwatch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let config = """
            [daemon]
            state_dir = "state"
            spool_dir = "spool"
            alert_log = "alerts.jsonl"
            concurrency = 4
            failure_threshold = \(failureThreshold)
            \(extraDaemon)

            [http]
            user_agent = "govwatch-test/1.0"
            per_host_delay = "0s"
            timeout = "10s"
            backoff_base = "1ms"
            backoff_cap = "1ms"

            \(sources ?? """
            [[sources]]
            name = "report-execution"
            url = "\(site.columnURL)"
            type = "column"
            interval = "1h"
            recheck_interval = "0s"
            recheck_window = "36500d"
            baseline = "\(baseline)"
            \(extraSource)
            """)
            """
        try config.write(to: configURL, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var configURL: URL { root.appendingPathComponent("govwatch.toml") }
    var spoolNew: URL { root.appendingPathComponent("spool/new") }
    var alertLog: URL { root.appendingPathComponent("alerts.jsonl") }

    @discardableResult
    func once(environment: [String: String] = [:]) throws -> GovwatchBinary.Outcome {
        try GovwatchBinary.run(["once", "--all", "--config", configURL.path], environment: environment)
    }

    /// Every alert file in `new/`, decoded, oldest first.
    func spooledAlerts() throws -> [[String: Any]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spoolNew.path).sorted()
        return try names.map { name in
            let data = try Data(contentsOf: spoolNew.appendingPathComponent(name))
            var alert = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            alert["_file"] = name
            return alert
        }
    }

    /// Alerts spooled since the last call.
    func newAlerts() throws -> [[String: Any]] {
        let all = try spooledAlerts()
        let fresh = all.filter { !seenAlerts.contains($0["id"] as! String) }
        for alert in fresh { seenAlerts.insert(alert["id"] as! String) }
        return fresh
    }

    func logLines() throws -> [String] {
        guard let text = try? String(contentsOf: alertLog, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }
}
