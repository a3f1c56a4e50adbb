import Foundation
import GovwatchCore
import GovwatchExtract
import GovwatchPublish
import GovwatchStore

#if canImport(Glibc)
    import Glibc
#endif

/// `govwatch-bench site DIR [--reports N]`: the reviewer site for N reports
/// of the seed's 157 entries (25 governments, each with its own unit names,
/// series of four reports a year), built whole, then updated after each of
/// five edits, each of one report. Prints wall and CPU seconds and the
/// process's peak RSS after seeding and after the full build.
/// `--long`: every report in one series (one government's monthly
/// reports, `1-N月`), the case where a series holds them all.
func benchSite() async throws {
    let folder =
        CommandLine.arguments.dropFirst(2).first { !$0.hasPrefix("--") } ?? NSTemporaryDirectory() + "site-bench"
    let reports = option("--reports", default: 1000)
    let seed = try benchPage().bytes.withUnsafeBytes { try ArticleExtractor().extract($0) }
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let store = try GovwatchStore(path: folder + "/govwatch.sqlite")
    let edits = try await seedSiteStore(
        store, seed: seed, reports: reports, long: CommandLine.arguments.contains("--long"))
    print("peak RSS after seeding the store: \(peakRSSMegabytes()) MB")
    let updater = SiteUpdater(
        store: store,
        settings: .init(directory: folder + "/site", title: "政务公开监测提醒", time: .chinaStandardTime, sources: ["bench"]),
        now: { Timestamp(epochSeconds: 1_800_000_000) })
    var outcome: SiteUpdater.Outcome?
    let full = try await timed { outcome = try await updater.rebuild() }
    print(
        String(
            format: "site full build: wall=%.2f s cpu=%.2f s (%d series, %d units, %d reports)",
            full.wall, full.cpu, outcome!.seriesBuilt, outcome!.unitsBuilt, reports))
    print("peak RSS after the full build: \(peakRSSMegabytes()) MB")
    // Five edits, each of one report of a different series, each followed
    // by the daemon's update.
    var walls: [Double] = []
    var cpus: [Double] = []
    for round in 0..<5 {
        let (url, old) = edits[round]
        var edited = old
        edited.entries[0].progress.append("新增一项进展。")
        let time = Timestamp(epochSeconds: 1_750_000_000 + Double(round))
        let alert = AlertFactory(source: "bench", detectedAt: time).changed(
            url: url, old: old, new: edited, diff: DocumentDiffer.diff(old: old, new: edited))
        try await store.commit(
            CycleCommit(
                source: SourceState(name: "bench"),
                documents: [StoredDocument(url: url, source: "bench", snapshot: edited, firstSeenAt: time)],
                alerts: [alert], createdAt: time))
        let sample = try await timed { outcome = try await updater.update() }
        walls.append(sample.wall)
        cpus.append(sample.cpu)
    }
    print(
        String(
            format:
                "site incremental rebuild after one changed report: wall=%.3f/%.3f s cpu=%.3f/%.3f s (min/median of 5; %d series, %d units, %d months each)",
            walls.min()!, median(walls), cpus.min()!, median(cpus), outcome!.seriesBuilt, outcome!.unitsBuilt,
            outcome!.monthsBuilt))
}

/// Commits `reports` reports made from the seed, each with its published
/// alert; returns the five to edit.
func seedSiteStore(_ store: GovwatchStore, seed: Article, reports: Int, long: Bool) async throws -> [(
    url: String, snapshot: DocumentSnapshot
)] {
    let periods = ["第一季度", "半年度", "前三季度", "全年"]
    var edits: [(url: String, snapshot: DocumentSnapshot)] = []
    for index in 0..<reports {
        let government = "第\(index % 25 + 1)区"
        let year = 2000 + index / 100
        let period = periods[(index / 25) % 4]
        var snapshot = DocumentSnapshot(article: seed)
        snapshot.title = "\(year)年\(government)政府工作报告重点工作任务\(period)完成情况"
        snapshot.publishedAt = String(format: "%04d-%02d-15T10:00:00+08:00", year, (index / 25) % 4 * 3 + 3)
        if long {
            snapshot.title = "2024年第1区政府工作报告重点工作任务1-\(index % 11 + 2)月完成情况"
            snapshot.publishedAt = Timestamp(epochSeconds: 1_600_000_000 + Double(index) * 86_400).rfc3339
        }
        snapshot.entries = snapshot.entries.map { entry in
            var entry = entry
            entry.leadUnits = entry.leadUnits.map { government + $0 }
            entry.progress = entry.progress.map { "\($0)（\(period)）" }
            return entry
        }
        let url = "http://bench/\(index).html"
        // The edited reports: the latest of five series of different governments.
        if index >= reports - 5 { edits.append((url, snapshot)) }
        let time = Timestamp(epochSeconds: 1_700_000_000 + Double(index))
        let alert = AlertFactory(source: "bench", detectedAt: time).published(
            url: url, snapshot: snapshot, previous: nil)
        try await store.commit(
            CycleCommit(
                source: SourceState(name: "bench"),
                documents: [StoredDocument(url: url, source: "bench", snapshot: snapshot, firstSeenAt: time)],
                alerts: [alert], createdAt: time))
    }
    return edits
}

/// The process's peak resident set so far, in MB.
func peakRSSMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}

func timed(_ body: () async throws -> Void) async rethrows -> (wall: Double, cpu: Double) {
    let startCPU = cpuSeconds()
    let start = ContinuousClock.now
    try await body()
    let elapsed = ContinuousClock.now - start
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (wall, cpuSeconds() - startCPU)
}
