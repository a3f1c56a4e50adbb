import Foundation

/// Test fixtures live beside this file, so tests need no bundle resources.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func url(_ path: String) -> URL { directory.appendingPathComponent(path) }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(path)))
    }

    static func layoutNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: url("layouts").path)) ?? []
        return files.filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }.sorted()
    }
}
