// govwatch-bench: measures govwatch against the limits set by its C libraries,
// in one process and one run, so machine noise hits both sides alike.
//
//   swift run -c release govwatch-bench extract [PAGE] [--rounds N] [--iterations N]
//
// `extract`: full extraction (charset, parse, tables, entries) of a page vs a
// bare libxml2 htmlReadMemory of the same bytes with the same options.
// `fetch`: the fetcher vs raw libcurl (Deploy/bench/run drives it).
// `cycle`: one monitor cycle of every source, as `govwatch once` runs it
// (Deploy/bench/run drives it cold, warm and mixed).
// `bare`: bare htmlReadMemory of files, the parse limit for those pages.
import Foundation
import GovwatchConfig
import GovwatchCore
import GovwatchDaemon
import GovwatchExtract
import GovwatchFetch
import GovwatchFiles
import GovwatchHTML
import GovwatchMonitor
import GovwatchPublish
import GovwatchSpool
import GovwatchStore
import Logging

#if canImport(Glibc)
    import Glibc
#endif

func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

struct Sample {
    var wall: Double
    var cpu: Double
}

func measure(iterations: Int, _ body: () -> Void) -> Sample {
    let clock = ContinuousClock()
    let cpuStart = cpuSeconds()
    let elapsed = clock.measure { for _ in 0..<iterations { body() } }
    let cpu = cpuSeconds() - cpuStart
    return Sample(wall: elapsed.seconds / Double(iterations), cpu: cpu / Double(iterations))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let number = Int(arguments[index + 1])
    else {
        return value
    }
    return number
}

/// The page `extract` measures: a path among the arguments, or the seed
/// report as Word pasted it.
func benchPage() -> (path: String, bytes: [UInt8]) {
    let arguments = CommandLine.arguments.dropFirst(2).filter { !$0.hasPrefix("--") }
    let defaultPage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(
            "Tests/GovwatchExtractTests/Fixtures/seed/article-2021-h1-word.html"
        ).path
    var isFolder: ObjCBool = false
    let path =
        arguments.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && !isFolder.boolValue }
        ?? defaultPage
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("govwatch-bench: cannot read \(path)\n".utf8))
        exit(66)
    }
    return (path, [UInt8](data))
}

func benchExtract() {
    let (path, bytes) = benchPage()
    let rounds = option("--rounds", default: 7)
    let iterations = option("--iterations", default: 100)
    let bare = {
        bytes.withUnsafeBytes { LibXML2Baseline.parseAndFree($0) }
    }
    let parseOnly = {
        _ = bytes.withUnsafeBytes { raw in try? MarkupDocument.html(raw) }
    }
    var entries = 0
    let full = {
        entries = (try? ArticleExtractor().extract(bytes))?.entries.count ?? -1
    }
    // `--only bare|parse|full` runs one path, for instruction counts under callgrind.
    if let index = CommandLine.arguments.firstIndex(of: "--only"), index + 1 < CommandLine.arguments.count {
        let path = CommandLine.arguments[index + 1]
        for _ in 0..<iterations { path == "bare" ? bare() : path == "parse" ? parseOnly() : full() }
        return
    }
    // Warm up both paths (page cache, allocator, lazy initialisation).
    for _ in 0..<5 {
        bare()
        full()
    }
    var bareSamples: [Sample] = []
    var fullSamples: [Sample] = []
    var parseSamples: [Sample] = []
    for _ in 0..<rounds {
        bareSamples.append(measure(iterations: iterations, bare))
        parseSamples.append(measure(iterations: iterations, parseOnly))
        fullSamples.append(measure(iterations: iterations, full))
    }
    let parseCPU = parseSamples.map(\.cpu)
    let parseWall = parseSamples.map(\.wall)
    func ms(_ value: Double) -> String { String(format: "%.3f", value * 1000) }
    let bareCPU = bareSamples.map(\.cpu)
    let fullCPU = fullSamples.map(\.cpu)
    let bareWall = bareSamples.map(\.wall)
    let fullWall = fullSamples.map(\.wall)
    print("page: \(path) (\(bytes.count) bytes, \(entries) entries)")
    print("rounds: \(rounds) x \(iterations) iterations; per-page times in ms")
    print("| measure | wall min | wall median | cpu min | cpu median |")
    print("|---|---:|---:|---:|---:|")
    print(
        "| bare htmlReadMemory | \(ms(bareWall.min()!)) | \(ms(median(bareWall))) | \(ms(bareCPU.min()!)) | \(ms(median(bareCPU))) |"
    )
    print(
        "| govwatch parse only (charset + libxml2) | \(ms(parseWall.min()!)) | \(ms(median(parseWall))) | \(ms(parseCPU.min()!)) | \(ms(median(parseCPU))) |"
    )
    print(
        "| govwatch full extraction | \(ms(fullWall.min()!)) | \(ms(median(fullWall))) | \(ms(fullCPU.min()!)) | \(ms(median(fullCPU))) |"
    )
    let ratioMin = fullCPU.min()! / bareCPU.min()!
    let ratioMedian = median(fullCPU) / median(bareCPU)
    print(String(format: "ratio full/bare (cpu): min %.2fx, median %.2fx (goal <= 1.50x)", ratioMin, ratioMedian))
}

/// `fetch URLS CONCURRENCY`: govwatch's Fetcher over every URL twice (cold,
/// then conditional), in the same output format as Deploy/bench/rawfetch.c.
func benchFetch() async {
    let arguments = Array(CommandLine.arguments.dropFirst(2))
    guard arguments.count >= 2, let text = try? String(contentsOfFile: arguments[0], encoding: .utf8),
        let concurrency = Int(arguments[1])
    else {
        print("usage: govwatch-bench fetch URLS CONCURRENCY")
        exit(64)
    }
    let urls = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    var configuration = FetchConfiguration()
    configuration.perHostDelay = .zero
    configuration.concurrency = concurrency
    let engine = CurlMultiEngine()
    let fetcher = Fetcher(configuration: configuration, engine: engine)
    // As the monitor fetches: one task per host takes that host's URLs in
    // turn (the gate allows one transfer per host anyway), on the engine thread.
    var lanes: [String: [String]] = [:]
    for url in urls { lanes[fetcher.hostKey(of: url) ?? url, default: []].append(url) }
    for name in ["cold", "warm"] {
        let wallStart = ContinuousClock.now
        let cpuStart = cpuSeconds()
        var ok = 0
        var notModified = 0
        var other = 0
        await withTaskExecutorPreference(engine.executor) {
            await withTaskGroup(of: [Int].self) { group in
                for lane in lanes.values {
                    group.addTask {
                        var statuses: [Int] = []
                        for url in lane {
                            do { statuses.append(try await fetcher.fetch(FetchRequest(url: url)).status) } catch {
                                statuses.append(-1)
                            }
                        }
                        return statuses
                    }
                }
                for await statuses in group {
                    for status in statuses {
                        if status == 200 { ok += 1 } else if status == 304 { notModified += 1 } else { other += 1 }
                    }
                }
            }
        }
        let wall = (ContinuousClock.now - wallStart).seconds
        print(
            String(
                format: "%@ wall=%.4f cpu=%.4f ok=%d notmodified=%d other=%d", name, wall, cpuSeconds() - cpuStart,
                ok, notModified, other))
    }
}

/// `cycle CONFIG`: opens the store and spool the config names and runs one
/// cycle of every source with delivery, like `govwatch once --all`, then
/// publishes (feed, and the reviewer site unless `[site] enabled = false`).
/// Wall and CPU (all threads: libcurl, SQLite, extraction) cover the cycle
/// only, not process start-up; `site_*` the publishing after it.
func benchCycle() async {
    let arguments = Array(CommandLine.arguments.dropFirst(2))
    guard let path = arguments.first else {
        print("usage: govwatch-bench cycle CONFIG")
        exit(64)
    }
    do {
        let configuration = try ConfigurationLoader.load(path: path, urlCheck: Runtime.urlCheck)
        var logger = Logger(label: "govwatch") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .info
        let monitor = try Runtime.open(configuration, logger: logger).monitor
        // What `govwatch once` and the daemon do after a delivery: the feed
        // and, as shipped ([site] enabled), the reviewer site. Measured apart.
        let publisher = Publisher(clock: monitor.clock, logger: logger)
        // `--repeat N`: N cycles in one process, each reported (profiling).
        for _ in 0..<option("--repeat", default: 1) {
            let wallStart = ContinuousClock.now
            let cpuStart = cpuSeconds()
            let once = try await monitor.runOnce(all: true)
            let results = once.cycles
            let cpu = cpuSeconds() - cpuStart
            let wall = (ContinuousClock.now - wallStart).seconds
            let alerts = results.reduce(0) { $0 + $1.alerts.count }
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            let cycleRSS = usage.ru_maxrss
            let siteStart = ContinuousClock.now
            // As `govwatch once`: the feed is written when alerts were delivered.
            await publisher.refresh(
                store: monitor.store, configuration: configuration, delivered: !once.delivery.delivered.isEmpty)
            let siteCPU = cpuSeconds() - cpuStart - cpu
            let siteWall = (ContinuousClock.now - siteStart).seconds
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            print(
                String(
                    format:
                        "cycle wall=%.4f cpu=%.4f sources=%d alerts=%d failed=%d maxrss_kb=%d site_wall=%.4f site_cpu=%.4f site_on=%d maxrss_with_site_kb=%d",
                    wall, cpu, results.count, alerts, results.filter(\.failed).count, cycleRSS, siteWall, siteCPU,
                    configuration.site.enabled ? 1 : 0, usage.ru_maxrss))
        }
    } catch {
        FileHandle.standardError.write(Data("govwatch-bench: \(error)\n".utf8))
        exit(1)
    }
}

/// `bare FILE...`: bare htmlReadMemory of each file (read beforehand), the
/// parse cost a cycle cannot go below for those pages.
func benchBare() {
    let pages = CommandLine.arguments.dropFirst(2).compactMap {
        FileManager.default.contents(atPath: $0).map { [UInt8]($0) }
    }
    let sample = measure(iterations: 1) {
        for page in pages { page.withUnsafeBytes { LibXML2Baseline.parseAndFree($0) } }
    }
    print(String(format: "bare wall=%.4f cpu=%.4f pages=%d", sample.wall, sample.cpu, pages.count))
}

switch CommandLine.arguments.dropFirst().first {
case "extract":
    benchExtract()
case "fetch":
    await benchFetch()
case "cycle":
    await benchCycle()
case "bare":
    benchBare()
case "site":
    try await benchSite()
default:
    print(
        "usage: govwatch-bench extract [PAGE] [--rounds N] [--iterations N] | fetch URLS CONCURRENCY | cycle CONFIG | bare FILE... | site DIR [--reports N]"
    )
    exit(64)
}
