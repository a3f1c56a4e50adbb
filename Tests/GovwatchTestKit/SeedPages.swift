public import Foundation

/// The real seed report as the two pages the extract tests read (clean, and
/// pasted from Word): the reference tests run their old and new code over
/// every text of both.
public enum SeedPages {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../GovwatchExtractTests/Fixtures/seed")
    public static let names = ["article-2021-h1-clean.html", "article-2021-h1-word.html"]

    /// Each page's runs between `<` and `>`, raw (noise, entities and all),
    /// a list per page.
    public static func textsBetweenTags() throws -> [[String]] {
        try names.map { name in
            let page = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return page.split(whereSeparator: { $0 == "<" || $0 == ">" }).map(String.init)
        }
    }

    /// The same runs as bytes, for readers that must also take what is not UTF-8.
    public static func bytesBetweenTags() throws -> [[UInt8]] {
        try names.flatMap { name in
            let page = try Data(contentsOf: folder.appendingPathComponent(name))
            return page.split(whereSeparator: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }).map(Array.init)
        }
    }
}
