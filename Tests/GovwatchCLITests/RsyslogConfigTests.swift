import Foundation
import Testing

/// Deploy/rsyslog/govwatch-kafka.conf, checked by rsyslog itself
/// (`rsyslogd -N1`, with Debian's omkafka from rsyslog-kafka), included
/// from a main file the way /etc/rsyslog.conf includes /etc/rsyslog.d/.
@Suite("The rsyslog → Kafka hand-off")
struct RsyslogConfigTests {
    static let repository = GovwatchBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func validate(_ file: String) throws -> (status: Int32, output: String) {
        let folder = NSTemporaryDirectory() + "rsyslog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let main = folder + "/rsyslog.conf"
        try "global(workDirectory=\"\(folder)\")\ninclude(file=\"\(file)\")\n"
            .write(toFile: main, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/rsyslogd")
        process.arguments = ["-N1", "-f", main]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theShippedConfigurationValidates() throws {
        let path = Self.repository.appendingPathComponent("Deploy/rsyslog/govwatch-kafka.conf").path
        let result = try validate(path)
        #expect(result.status == 0, "\(result.output)")
        // And the check is real: a misspelt omkafka parameter fails it.
        let broken = NSTemporaryDirectory() + "govwatch-kafka-\(UUID().uuidString).conf"
        defer { try? FileManager.default.removeItem(atPath: broken) }
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "dynaKey=", with: "dynaKee=")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let failed = try validate(broken)
        #expect(failed.status != 0)
        #expect(failed.output.contains("dynaKee"))
    }
}
