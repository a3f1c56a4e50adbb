import GovwatchStore

/// What the tests that read generated series share: numbers from a seed,
/// the same on every run, and the headings of a made-up series.
struct GeneratedSeries {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The next number below `bound` (a linear congruential generator).
    mutating func pick(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    /// `count` reports of one series, a day apart, oldest first.
    static func headings(_ count: Int, entryCount: Int) -> [ReportHeading] {
        (0..<count).map { index in
            ReportHeading(
                source: "city", url: "http://h/\(index)", title: "2024年报告1-\(index)月",
                publishedAt: "2024-01-\(index < 9 ? "0" : "")\(index + 1)T00:00:00+08:00", entryCount: entryCount,
                assignment: false)
        }
    }
}
