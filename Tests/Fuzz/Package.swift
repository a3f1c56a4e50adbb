// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for govwatch's parsers. A separate package, because a
// fuzzer gets its `main` from libFuzzer and must be built with
// `--sanitize fuzzer`: the main package's products must not need either.
// Build and run them with `Deploy/fuzz` (see its header).
let fuzzerFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "govwatch-fuzz",
    dependencies: [.package(name: "govwatch", path: "../..")],
    targets: [
        .executableTarget(name: "fuzz-article", dependencies: [
            .product(name: "GovwatchExtract", package: "govwatch"),
        ], swiftSettings: fuzzerFlags),
        .executableTarget(name: "fuzz-listing", dependencies: [
            .product(name: "GovwatchExtract", package: "govwatch"),
        ], swiftSettings: fuzzerFlags),
        .executableTarget(name: "fuzz-dataproxy", dependencies: [
            .product(name: "GovwatchExtract", package: "govwatch"),
        ], swiftSettings: fuzzerFlags),
        .executableTarget(name: "fuzz-config", dependencies: [
            .product(name: "GovwatchConfig", package: "govwatch"),
        ], swiftSettings: fuzzerFlags),
    ]
)
