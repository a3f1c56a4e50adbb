// swift-tools-version:6.0
import PackageDescription

// Layering (dependencies point downward only; README "Layout" lists each
// module's exact dependencies, and Deploy/check-layout holds the two equal):
//
//   CGovwatchCurl, CGovwatchLibXML2, CGovwatchZstd, CGovwatchXlsxWriter, CGovwatchFiles, CGovwatchZip
//                                    C system libraries + tiny prefixed shims
//   CGovwatchAllocator               jemalloc's compiled-in options (executables only)
//   GovwatchCore                     pure: document model, domain state, text, diff, alerts; no I/O
//   GovwatchReport                   pure: reports read from one table model (Core)
//   GovwatchHTML                     owning Swift wrapper over libxml2 (HTML + XML)
//   GovwatchConfig                   govwatch.toml into plain values (Core, TOMLKit)
//   GovwatchCycle                    pure: what a cycle concludes from what it fetched (Core, Config)
//   GovwatchFiles                    syscalls and errno, atomic files, locks, clock, crash points, children
//   GovwatchOffice                   attached .docx/.xlsx/.doc/.xls/.pdf into HTML the page reader reads
//                                    (Core, HTML, Files, zip; Debian's wvWare, xlrd, pdftotext as children)
//   GovwatchExtract                  article and listing pages into the table model (Core, HTML, Report, Office)
//   GovwatchFetch                    libcurl transfers, politeness (Core, curl)
//   GovwatchStore                    SQLite state and the outbox (Core, GRDB, zstd)
//   GovwatchSpool                    maildir spool and alert log (Files)
//   GovwatchSystemd                  sd_notify and journal logging
//   GovwatchNotify                   robots, webhooks, mail; policy as values; its ledger tables
//   GovwatchMonitor                  a source's cycle (fetching + Cycle) and delivery
//   GovwatchPublish                  the feed, the reviewer site and change-log HTML, after delivery
//   GovwatchDaemon                   composition (Runtime) and the systemd services
//   GovwatchDemo                     the offline demo site (FlyingFox)
//   govwatch, govwatch-bench         the CLI (thin @main) and the benchmark driver

// The daemon and its benchmark allocate through jemalloc (libjemalloc-dev),
// which replaces glibc's malloc for the whole process, libxml2 and libcurl
// included. A cold cycle (1,000 new pages, ~8,500 libxml2 nodes each, on
// every core) took 27% less CPU; glibc's arenas spent that time
// consolidating and unlinking free chunks. CGovwatchAllocator holds the
// options that keep its resident set below glibc's.
let jemalloc: [LinkerSetting] = [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]

// Every Swift target, as swift-log and hummingbird do: `any` spelled out,
// imports that say what a file uses, and internal unless a file's public
// API shows the imported module's types (`public import`). (Swift 6
// language mode already checks concurrency completely.)
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")

let targets: [Target] = [
    .systemLibrary(name: "CGovwatchCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(name: "CGovwatchLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(name: "CGovwatchZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    .systemLibrary(name: "CGovwatchZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
    .systemLibrary(
        name: "CGovwatchXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
    .target(name: "CGovwatchAllocator"),
    .target(name: "GovwatchCore"),
    .target(name: "GovwatchReport", dependencies: ["GovwatchCore"]),
    .target(name: "GovwatchHTML", dependencies: ["CGovwatchLibXML2"]),
    .target(name: "GovwatchConfig", dependencies: ["GovwatchCore", .product(name: "TOMLKit", package: "TOMLKit")]),
    .target(name: "GovwatchCycle", dependencies: ["GovwatchCore", "GovwatchConfig"]),
    .target(name: "GovwatchOffice", dependencies: ["CGovwatchZip", "GovwatchCore", "GovwatchFiles", "GovwatchHTML"]),
    .target(
        name: "GovwatchExtract", dependencies: ["GovwatchCore", "GovwatchHTML", "GovwatchReport", "GovwatchOffice"]),
    .target(name: "GovwatchFetch", dependencies: ["CGovwatchCurl", "GovwatchCore"]),
    .target(name: "GovwatchStore", dependencies: ["CGovwatchZstd", "GovwatchCore", grdb]),
    .target(name: "CGovwatchFiles"),
    .target(name: "GovwatchFiles", dependencies: ["CGovwatchFiles", "GovwatchCore"]),
    .target(name: "GovwatchSpool", dependencies: ["GovwatchFiles"]),
    .target(name: "GovwatchSystemd", dependencies: [logging]),
    .target(
        name: "GovwatchNotify",
        dependencies: [
            "GovwatchCore", "GovwatchConfig", "GovwatchFetch", "GovwatchFiles", "GovwatchSpool", "GovwatchStore", grdb,
            .product(name: "Crypto", package: "swift-crypto"), logging,
        ]),
    .target(
        name: "GovwatchMonitor",
        dependencies: [
            "GovwatchCore", "GovwatchConfig", "GovwatchCycle", "GovwatchExtract", "GovwatchFetch", "GovwatchFiles",
            "GovwatchHTML", "GovwatchSpool", "GovwatchStore", .product(name: "Crypto", package: "swift-crypto"),
            logging,
        ]),
    .target(
        name: "GovwatchPublish",
        dependencies: [
            "CGovwatchXlsxWriter", "GovwatchConfig", "GovwatchCore", "GovwatchFiles", "GovwatchStore", logging,
            .product(name: "Mustache", package: "swift-mustache"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
    .target(
        name: "GovwatchDaemon",
        dependencies: [
            "GovwatchCore", "GovwatchConfig", "GovwatchFetch", "GovwatchFiles", "GovwatchMonitor", "GovwatchNotify",
            "GovwatchSpool", "GovwatchPublish", "GovwatchStore", "GovwatchSystemd", logging,
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
    .target(
        name: "GovwatchDemo",
        dependencies: [
            .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
    .executableTarget(
        name: "govwatch",
        dependencies: [
            "CGovwatchAllocator", "GovwatchCore", "GovwatchExtract", "GovwatchFetch", "GovwatchFiles", "GovwatchHTML",
            "GovwatchConfig", "GovwatchMonitor", "GovwatchStore", "GovwatchDaemon", "GovwatchDemo", "GovwatchSystemd",
            "GovwatchNotify",
            "GovwatchPublish", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"), logging,
        ],
        linkerSettings: jemalloc
    ),
    .executableTarget(
        name: "govwatch-bench",
        dependencies: [
            "CGovwatchAllocator", "GovwatchCore", "GovwatchExtract", "GovwatchHTML", "GovwatchFetch", "GovwatchConfig",
            "GovwatchDaemon", "GovwatchFiles", "GovwatchMonitor", "GovwatchPublish", "GovwatchSpool", "GovwatchStore",
            logging,
        ],
        linkerSettings: jemalloc
    ),

    // Tests: a target per module with logic, and the CLI's end-to-end tests.
    .target(name: "GovwatchTestKit", dependencies: ["GovwatchDemo"], path: "Tests/GovwatchTestKit"),
    .testTarget(name: "GovwatchCoreTests", dependencies: ["GovwatchCore", "GovwatchTestKit"]),
    .testTarget(name: "GovwatchReportTests", dependencies: ["GovwatchReport", "GovwatchCore", "GovwatchTestKit"]),
    .testTarget(name: "GovwatchHTMLTests", dependencies: ["GovwatchHTML", "GovwatchTestKit"]),
    .testTarget(name: "GovwatchOfficeTests", dependencies: ["GovwatchOffice", "GovwatchHTML"]),
    .testTarget(name: "GovwatchConfigTests", dependencies: ["GovwatchConfig", "GovwatchCore"]),
    .testTarget(name: "GovwatchCycleTests", dependencies: ["GovwatchCycle", "GovwatchConfig", "GovwatchCore"]),
    .testTarget(
        name: "GovwatchExtractTests",
        dependencies: ["GovwatchExtract", "GovwatchHTML", "GovwatchCore", "GovwatchReport", "GovwatchOffice"],
        exclude: ["Fixtures"]
    ),
    .testTarget(
        name: "GovwatchFetchTests", dependencies: ["GovwatchFetch", "GovwatchCore", "GovwatchTestKit"],
        exclude: ["Fixtures"]),
    .testTarget(name: "GovwatchStoreTests", dependencies: ["GovwatchStore", "GovwatchCore", grdb]),
    .testTarget(name: "GovwatchFilesTests", dependencies: ["GovwatchFiles", "GovwatchCore"]),
    .testTarget(name: "GovwatchSpoolTests", dependencies: ["GovwatchSpool", "GovwatchFiles"]),
    .testTarget(
        name: "GovwatchNotifyTests",
        dependencies: [
            "GovwatchNotify", "GovwatchConfig", "GovwatchCore", "GovwatchFetch", "GovwatchSpool", "GovwatchStore",
            logging,
        ], exclude: ["Golden"]),
    .testTarget(
        name: "GovwatchMonitorTests",
        dependencies: [
            "GovwatchMonitor", "GovwatchConfig", "GovwatchCore", "GovwatchCycle", "GovwatchExtract", "GovwatchFetch",
            "GovwatchStore", "GovwatchTestKit", logging,
        ]),
    .testTarget(
        name: "GovwatchPublishTests",
        dependencies: [
            "GovwatchPublish", "GovwatchCore", "GovwatchFiles", "GovwatchStore",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
    .testTarget(
        name: "GovwatchDaemonTests",
        dependencies: [
            "GovwatchDaemon", "GovwatchMonitor", "GovwatchConfig", "GovwatchStore", "GovwatchSpool", "GovwatchSystemd",
            "GovwatchFiles",
            "GovwatchCore", "GovwatchDemo", "GovwatchTestKit", logging, grdb,
        ]),
    .testTarget(
        name: "GovwatchCLITests",
        dependencies: ["govwatch", "GovwatchTestKit", "GovwatchDemo", "GovwatchStore", "GovwatchCore", grdb],
        exclude: ["Golden"]),
]

let package = Package(
    name: "govwatch",
    products: [
        .executable(name: "govwatch", targets: ["govwatch"]),
        // For the fuzzers in Tests/Fuzz, a package of their own.
        .library(name: "GovwatchExtract", targets: ["GovwatchExtract"]),
        .library(name: "GovwatchReport", targets: ["GovwatchReport"]),
        .library(name: "GovwatchConfig", targets: ["GovwatchConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: targets.map { target in
        guard target.type != .system else { return target }
        target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
        return target
    }
)
