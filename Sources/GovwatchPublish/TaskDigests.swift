/// The digests of what a series' task pages were made from (``PageInputs``),
/// by page name, kept in a file of the series' folder
/// (``SiteLayout/taskDigests``): `name digest` lines, sorted by name.
///
/// They were kept in the manifest, a dictionary per series, so the
/// manifest grew by 157 names and digests for every seed-size series, was
/// held whole through a build and written through `JSONEncoder`: a full
/// build of 1,000 such series (each of one report) peaked at 156 MB
/// (`govwatch site build` on the store of `SCALE_ROWS=157
/// Deploy/bench/scale 1000`), its live heap growing with every series. In
/// the series' folder they are read only when that series is rebuilt, and
/// the file belongs to the folder's very pages.
struct TaskDigests: Sendable, Equatable {
    /// The file's text.
    let text: String

    /// `digests`, by page name. Names and digests hold neither spaces nor
    /// line breaks (``SiteLayout/taskName(_:)``, hex digests).
    init(_ digests: [String: String]) {
        var text = ""
        text.reserveCapacity(digests.count * 60)
        for (name, digest) in digests.sorted(by: { $0.key < $1.key }) {
            text += name + " " + digest + "\n"
        }
        self.text = text
    }

    /// The digests a file's `text` holds (``byName`` skips a line without a space).
    init(text: String) { self.text = text }

    /// The digests by page name.
    var byName: [String: String] {
        var digests: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            digests[String(line[..<space])] = String(line[line.index(after: space)...])
        }
        return digests
    }
}
