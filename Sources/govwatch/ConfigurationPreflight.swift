import Foundation
import GovwatchConfig
import GovwatchDaemon

/// Loads a configuration file after a child process has parsed it first.
///
/// toml++ (inside TOMLKit) asserts, and so aborts the whole process, on some
/// malformed TOML instead of reporting an error; the config fuzzer found
/// `[!]` and `x = [[[…}}}`. The daemon must outlive a bad file on SIGHUP, so
/// every command first has `govwatch config check --in-process FILE` parse
/// it. When that child dies by a signal, the file is refused with a clear
/// error and this process never hands it to toml++. Otherwise parsing is
/// deterministic, so parsing again here is safe. Costs one process start
/// (about 20 ms), only at start-up and on reload.
enum ConfigurationPreflight {
    static func load(path: String, secrets: ConfigurationLoader.Secrets = .required) throws(ConfigurationError)
        -> GovwatchConfiguration
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["config", "check", "--in-process", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            // No child (no /proc, or out of processes): parse here as before.
            return try ConfigurationLoader.load(path: path, urlCheck: Runtime.urlCheck, secrets: secrets)
        }
        if process.terminationReason == .uncaughtSignal {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            throw ConfigurationError(
                file: absolute,
                message:
                    "the TOML parser aborted on this file (signal \(process.terminationStatus)): it is not valid TOML; "
                    + "check brackets, quotes and [table] headers"
            )
        }
        return try ConfigurationLoader.load(path: path, urlCheck: Runtime.urlCheck, secrets: secrets)
    }
}
