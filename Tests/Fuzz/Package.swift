// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for govwatch's parsers. A separate package, because a
// fuzzer gets its `main` from libFuzzer and must be built with
// `--sanitize fuzzer`: the main package's products must not need either.
// Build and run them with `Deploy/fuzz` (see its header).
let fuzzerFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

/// Each fuzzer and the govwatch libraries it exercises.
let fuzzers = [
    ("fuzz-article", ["GovwatchExtract", "GovwatchReport"]), ("fuzz-listing", ["GovwatchExtract"]),
    ("fuzz-dataproxy", ["GovwatchExtract"]), ("fuzz-config", ["GovwatchConfig"]), ("fuzz-links", ["GovwatchExtract"]),
    ("fuzz-feed", ["GovwatchExtract"]), ("fuzz-office", ["GovwatchExtract"]),
]

let package = Package(
    name: "govwatch-fuzz",
    dependencies: [.package(name: "govwatch", path: "../..")],
    targets: fuzzers.map { name, libraries in
        .executableTarget(
            name: name, dependencies: libraries.map { .product(name: $0, package: "govwatch") },
            swiftSettings: fuzzerFlags)
    }
)
