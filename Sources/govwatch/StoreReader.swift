import ArgumentParser
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchStore

/// Reads what the daemon recorded: alerts (decoded) and document snapshots.
struct StoreReader {
    let runtime: Runtime
    var configuration: GovwatchConfiguration { runtime.configuration }
    var store: GovwatchStore { runtime.store }

    /// Fails (66) when there is no store yet, or (74) when it cannot be
    /// opened. Notifier secrets are optional unless `secrets` says otherwise
    /// (`notify` sends, so it requires them).
    init(_ common: CommonOptions, secrets: ConfigurationLoader.Secrets = .optional) throws {
        do { runtime = try common.openExistingRuntime(secrets: secrets) } catch { throw error.exit }
    }

    /// Every alert in the outbox (`limit`: the newest), decoded.
    func alerts(limit: Int? = nil) async throws -> [Alert] {
        try await store.alerts(limit: limit).compactMap(\.alert)
    }

    /// Alerts committed at or after `since`, decoded: read by the outbox's
    /// time index. An alert's commit time is its detection time (one cycle's
    /// `now`), so these include every alert detected since then.
    func alerts(since: Timestamp) async throws -> [Alert] {
        try await store.alerts(since: since).compactMap(\.alert)
    }

    func documents() async throws -> [TaskHistory.Source] {
        try await store.allDocuments().onePerURL.compactMap { document in
            document.snapshot.map { TaskHistory.Source(url: document.url, snapshot: $0) }
        }
    }
}

/// Parses `--since`/`--until`: a date (`2026-11-01`), an RFC 3339 time, or a
/// duration back from now (`7d`, `12h`).
func parseMoment(_ text: String, now: Timestamp) throws -> Timestamp {
    if let moment = Timestamp(rfc3339: text) { return moment }
    do { return Timestamp(epochSeconds: now.epochSeconds - (try DurationText.parse(text)).seconds) } catch {
        throw ValidationError("\"\(text)\" is neither a date (2026-11-01) nor a duration (7d)")
    }
}
