import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The unit file, its hardening, the install layout, and a run under a real systemd.
@Suite("systemd unit and Deploy/install", .serialized)
struct SystemdUnitTests {
    static let repository = GovwatchBinary.fixtures.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let unit = repository.appendingPathComponent("systemd/govwatch.service")
    static let hasSystemdAnalyze = FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")

    static func shell(_ command: String, environment: [String: String] = [:]) throws -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = repository
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: hasSystemdAnalyze, "systemd-analyze is not installed"))
    func unitVerifiesWithNoOutputAtAll() throws {
        // verify checks that ExecStart exists: point it at the binary under test.
        let text = try String(contentsOf: Self.unit, encoding: .utf8)
            .replacingOccurrences(of: "ExecStart=/usr/bin/govwatch", with: "ExecStart=\(GovwatchBinary.url.path)")
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("govwatch.service")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let result = try Self.shell("systemd-analyze verify --man=no '\(copy.path)'")
        #expect(result.output == "", "systemd-analyze verify printed: \(result.output)")
    }

    @Test(.enabled(if: hasSystemdAnalyze, "systemd-analyze is not installed"))
    func hardeningExposureAtMostTwo() throws {
        let result = try Self.shell("systemd-analyze security --offline=true '\(Self.unit.path)' 2>&1 | tail -1")
        let line = result.output
        let marker = "Overall exposure level for govwatch.service: "
        let range = try #require(line.range(of: marker), "\(line)")
        let score = Double(line[range.upperBound...].prefix { $0.isNumber || $0 == "." }) ?? 99
        #expect(score <= 2.0, "\(line)")
    }

    @Test func destdirInstallLaysOutFilesAndKeepsAnEditedConfig() throws {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("destdir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["DESTDIR": root.path, "GOVWATCH_BINARY": GovwatchBinary.url.path]
        let first = try Self.shell("Deploy/install", environment: environment)
        #expect(first.status == 0, "\(first.output)")
        let expected: [(String, Int)] = [
            ("usr/bin/govwatch", 0o755), ("lib/systemd/system/govwatch.service", 0o644),
            ("usr/lib/sysusers.d/govwatch.conf", 0o644), ("usr/lib/tmpfiles.d/govwatch.conf", 0o644),
            ("etc/govwatch/govwatch.toml", 0o640), ("usr/share/doc/govwatch/govwatch.example.toml", 0o644),
            ("etc/govwatch/env", 0o600),
        ]
        for (path, mode) in expected {
            let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(path)")
        }
        // Installed stripped: no symbol table (the debug sections stay in the build).
        let sections = try Self.shell("readelf -S '\(root.path)/usr/bin/govwatch'").output
        #expect(!sections.contains(".symtab") && !sections.contains(".debug_info"), "not stripped")
        let config = root.appendingPathComponent("etc/govwatch/govwatch.toml")
        try "# edited by the operator\n".write(to: config, atomically: true, encoding: .utf8)
        let second = try Self.shell("Deploy/install", environment: environment)
        #expect(second.status == 0)
        #expect(try String(contentsOf: config, encoding: .utf8) == "# edited by the operator\n")
        #expect(FileManager.default.fileExists(atPath: config.path + ".dist"))
        let removed = try Self.shell("Deploy/uninstall", environment: environment)
        #expect(removed.status == 0)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("usr/bin/govwatch").path))
        #expect(FileManager.default.fileExists(atPath: config.path))  // kept without --purge
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dpkg-deb"), "dpkg-deb is not installed"))
    func debianPackageHasTheLayoutAndAConffile() throws {
        let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("deb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let built = try Self.shell(
            "Deploy/build-deb '\(out.path)'", environment: ["GOVWATCH_BINARY": GovwatchBinary.url.path])
        #expect(built.status == 0, "\(built.output)")
        let package = built.output.split(separator: "\n").last.map(String.init) ?? ""
        let contents = try Self.shell("dpkg-deb -c '\(package)'").output
        for path in [
            "./usr/bin/govwatch", "./lib/systemd/system/govwatch.service", "./usr/lib/sysusers.d/govwatch.conf",
            "./usr/lib/tmpfiles.d/govwatch.conf", "./etc/govwatch/govwatch.toml", "./etc/govwatch/env",
        ] {
            #expect(contents.contains(path), "missing \(path)")
        }
        // "./" is the target's /: it must be 0755 and owned by root.
        let top = contents.split(separator: "\n").first.map(String.init) ?? ""
        #expect(top.hasPrefix("drwxr-xr-x root/root") && top.hasSuffix(" ./"), "\(top)")
        #expect(try Self.shell("dpkg-deb -f '\(package)' Package").output == "govwatch\n")
        #expect(
            try Self.shell("dpkg-deb --ctrl-tarfile '\(package)' | tar -xO ./conffiles").output
                == "/etc/govwatch/govwatch.toml\n/etc/govwatch/env\n")
    }

    /// The package of the release binary (as Deploy/test builds it, the
    /// Swift runtime linked in) passes lintian with no error: dependencies
    /// from dpkg-shlibdeps, a changelog, a copyright file, a stripped
    /// binary, deb-systemd-helper in the maintainer scripts, a man page.
    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/lintian")
                && FileManager.default.isExecutableFile(atPath: releaseBinary.path),
            "needs lintian and the release build (Deploy/test makes both)"))
    func theDebianPackagePassesLintian() throws {
        let out = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("deb-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let built = try Self.shell(
            "Deploy/build-deb '\(out.path)'", environment: ["GOVWATCH_BINARY": Self.releaseBinary.path])
        #expect(built.status == 0, "\(built.output)")
        let package = built.output.split(separator: "\n").last.map(String.init) ?? ""
        let report = try Self.shell("lintian --allow-root '\(package)' 2>&1").output
        let problems = report.split(separator: "\n").filter { $0.hasPrefix("E:") || $0.hasPrefix("W:") }
        #expect(problems.isEmpty, "\(report)")
        let control = try Self.shell("dpkg-deb -f '\(package)' Depends").output
        #expect(control.hasPrefix("libc6 (>= "), "from dpkg-shlibdeps: \(control)")
        let contents = try Self.shell("dpkg-deb -c '\(package)'").output
        for path in ["./usr/share/man/man1/govwatch.1.gz", "./usr/share/doc/govwatch/copyright"] {
            #expect(contents.contains(path), "missing \(path)")
        }
    }

    /// The committed man page (Deploy/man/generate) names every command.
    @Test func theManPageNamesEveryCommand() throws {
        let page = try String(
            contentsOf: Self.repository.appendingPathComponent("Deploy/man/govwatch.1"), encoding: .utf8)
        let help = try GovwatchBinary.run(["--help"]).stdout
        // `  once   Run one cycle…`: a command's line (its wrapped help is indented further).
        let commands = help.split(separator: "\n").drop { !$0.hasPrefix("SUBCOMMANDS:") }.dropFirst()
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && !$0.hasPrefix("  See ") }
            .compactMap { $0.split(separator: " ").first.map { String($0.trimmingCharacters(in: [","])) } }
        #expect(commands.count >= 10, "\(help)")
        for command in commands {
            let named = page.contains(".It Em \(command)\n") || page.contains(".It Em \"\(command),")
            #expect(named, "run Deploy/man/generate: the page lacks \(command)")
        }
    }

    static let releaseBinary = repository.appendingPathComponent(".build/release/govwatch")
    static let canBootSystemd =
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-nspawn")
        && FileManager.default.isExecutableFile(atPath: releaseBinary.path)

    @Test(
        .enabled(
            if: canBootSystemd,
            "needs root, systemd-nspawn (apt systemd-container) and a release build (Deploy/test makes one)"),
        .timeLimit(.minutes(10)))
    func underARealSystemd() throws {
        // The real unit and Config/govwatch.toml; a drop-in shortens WatchdogSec so
        // "no watchdog kill over twice WatchdogSec" takes seconds, not minutes.
        let dropin = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "dropin-\(UUID().uuidString).conf")
        try "[Service]\nWatchdogSec=3\n".write(to: dropin, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dropin) }
        let files =
            "/etc/govwatch/govwatch.toml=Config/govwatch.toml /usr/lib/sysusers.d/govwatch.conf=systemd/govwatch.sysusers "
            + "/usr/lib/tmpfiles.d/govwatch.conf=systemd/govwatch.tmpfiles"
        let running = try Self.shell(
            "Tests/systemd/systemd-it.sh systemd/govwatch.service .build/release/govwatch 7 \(files)",
            environment: ["UNIT_DROPIN": dropin.path])
        #expect(running.status == 0, "\(running.output)")
        #expect(running.output.contains("ok   StatusText set = yes"))
        #expect(running.output.contains("ok   NRestarts = 0"))

        let broken = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "broken-\(UUID().uuidString).toml")
        try "[daemon]\ninterval = \"never\"\n".write(to: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: broken) }
        let failing = try Self.shell(
            "Tests/systemd/systemd-it.sh systemd/govwatch.service .build/release/govwatch 3 /etc/govwatch/govwatch.toml=\(broken.path) "
                + "/usr/lib/sysusers.d/govwatch.conf=systemd/govwatch.sysusers /usr/lib/tmpfiles.d/govwatch.conf=systemd/govwatch.tmpfiles",
            environment: ["UNIT_DROPIN": dropin.path, "BROKEN_CONFIG": "1"])
        #expect(failing.status == 0, "\(failing.output)")
        #expect(failing.output.contains("ok   ExecMainStatus with a broken config = 78"))
        #expect(failing.output.contains("ok   NRestarts with a broken config = 0"))
    }
}
