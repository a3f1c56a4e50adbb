// swift-tools-version:6.0
import PackageDescription

// Layering (dependencies point downward only):
//   CGovwatchCurl, CGovwatchLibXML2   C system libraries + tiny prefixed shims
//   CGovwatchAllocator                jemalloc's compiled-in options (executables only)
//   GovwatchCore                      pure models, normalization, table reading; no I/O
//   GovwatchHTML                      owning Swift wrapper over libxml2 (HTML + XML)
//   GovwatchExtract, GovwatchFetch    article/listing extraction; libcurl transfers
//   govwatch                          the command-line interface (thin @main)

// The daemon and its benchmark allocate through jemalloc (libjemalloc-dev),
// which replaces glibc's malloc for the whole process, libxml2 and libcurl
// included. A cold cycle (1,000 new pages, ~8,500 libxml2 nodes each, on
// every core) took 27% less CPU; glibc's arenas spent that time
// consolidating and unlinking free chunks. CGovwatchAllocator holds the
// options that keep its resident set below glibc's.
let jemalloc: [LinkerSetting] = [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]

let package = Package(
    name: "govwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "govwatch", targets: ["govwatch"]),
        // For the fuzzers in Tests/Fuzz, a package of their own.
        .library(name: "GovwatchExtract", targets: ["GovwatchExtract"]),
        .library(name: "GovwatchConfig", targets: ["GovwatchConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CGovwatchCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CGovwatchLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CGovwatchAllocator"),
        .target(name: "GovwatchCore"),
        .target(name: "GovwatchHTML", dependencies: ["CGovwatchLibXML2"]),
        .target(name: "GovwatchExtract", dependencies: ["GovwatchCore", "GovwatchHTML"]),
        .target(name: "GovwatchFetch", dependencies: ["CGovwatchCurl", "GovwatchCore"]),
        .target(name: "GovwatchSpool"),
        .target(name: "GovwatchStore", dependencies: ["GovwatchCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "GovwatchSystemd", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .target(name: "GovwatchNotify", dependencies: [
            "GovwatchCore", "GovwatchConfig", "GovwatchFetch", "GovwatchStore",
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "GovwatchDemo", dependencies: [.product(name: "FlyingFox", package: "FlyingFox")]),
        .target(name: "GovwatchDaemon", dependencies: [
            "GovwatchCore", "GovwatchConfig", "GovwatchMonitor", "GovwatchSpool", "GovwatchStore", "GovwatchSystemd", "GovwatchNotify",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
        ]),
        .target(name: "GovwatchMonitor", dependencies: [
            "GovwatchCore", "GovwatchConfig", "GovwatchExtract", "GovwatchFetch", "GovwatchHTML", "GovwatchSpool",
            "GovwatchStore", .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "GovwatchConfig", dependencies: [
            "GovwatchCore", "GovwatchFetch", .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(
            name: "govwatch",
            dependencies: [
                "CGovwatchAllocator",
                "GovwatchCore", "GovwatchExtract", "GovwatchFetch", "GovwatchHTML", "GovwatchConfig", "GovwatchMonitor",
                "GovwatchSpool", "GovwatchStore", "GovwatchDaemon", "GovwatchDemo", "GovwatchSystemd", "GovwatchNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: jemalloc
        ),
        .executableTarget(
            name: "govwatch-bench",
            dependencies: [
                "CGovwatchAllocator",
                "GovwatchCore", "GovwatchExtract", "GovwatchHTML", "GovwatchFetch", "GovwatchConfig", "GovwatchMonitor",
                "GovwatchSpool", "GovwatchStore", .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: jemalloc
        ),
        .testTarget(name: "GovwatchCoreTests", dependencies: ["GovwatchCore"]),
        .testTarget(
            name: "GovwatchExtractTests",
            dependencies: ["GovwatchExtract", "GovwatchHTML", "GovwatchCore"],
            exclude: ["Fixtures"]
        ),
        .target(name: "GovwatchTestKit", dependencies: ["GovwatchDemo"], path: "Tests/GovwatchTestKit"),
        .testTarget(
            name: "GovwatchFetchTests",
            dependencies: ["GovwatchFetch", "GovwatchTestKit"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "GovwatchDaemonTests", dependencies: [
            "GovwatchDaemon", "GovwatchMonitor", "GovwatchConfig", "GovwatchStore", "GovwatchSpool", "GovwatchCore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "GovwatchCLITests", dependencies: ["govwatch", "GovwatchTestKit", "GovwatchDemo"]),
    ]
)
