import Foundation
import GovwatchDemo
import GovwatchTestKit
import Testing

/// `[daemon] metrics_file`, read with Prometheus's own text parser
/// (prometheus_client, which `Deploy/setup --tests` installs).
@Suite("The metrics file")
struct MetricsTests {
    /// Every sample in the file as `name{label="value",…} value`, parsed by prometheus_client.
    static func samples(_ path: String) throws -> [String: Double] {
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                for s in family.samples:
                    labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
                    out[s.name + "{" + labels + "}"] = s.value
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "prometheus_client could not parse \(path)")
        return try JSONDecoder().decode([String: Double].self, from: data)
    }

    @Test func onceWritesSourceHostOutboxFigures() throws {
        let site = try SimulatedSite()
        site.publish(DemoSite.halfYearReport)
        let workspace = try Workspace(site: site)
        var config = try String(contentsOf: workspace.configURL, encoding: .utf8)
        config = config.replacingOccurrences(
            of: "[daemon]\n", with: "[daemon]\nmetrics_file = \"textfile/govwatch.prom\"\n")
        try config.write(to: workspace.configURL, atomically: true, encoding: .utf8)
        #expect(try workspace.once().status == 0)

        let path = workspace.root.appendingPathComponent("textfile/govwatch.prom").path
        let samples = try Self.samples(path)
        let source = "source=\"report-execution\""
        #expect(samples["govwatch_source_cycles_total{\(source)}"] == 1)
        #expect(samples["govwatch_source_documents{\(source)}"] == 1)
        #expect(samples["govwatch_source_consecutive_failures{\(source)}"] == 0)
        #expect((samples["govwatch_source_last_success_timestamp_seconds{\(source)}"] ?? 0) > 1_700_000_000)
        #expect(samples["govwatch_alerts_total{kind=\"source.baseline\",\(source)}"] == 1)
        #expect(samples["govwatch_outbox_pending_alerts{}"] == 0)
        let host = URL(string: site.columnURL).map { "\($0.host!):\($0.port!)" }!
        #expect(samples["govwatch_host_requests_total{host=\"\(host)\",status=\"200\"}"] == 2)  // listing and article
        #expect((samples["govwatch_host_response_bytes_total{host=\"\(host)\"}"] ?? 0) > 100_000)
        #expect(samples.keys.contains("govwatch_host_politeness_wait_seconds_total{host=\"\(host)\"}"))
    }
}
