/// Where a table handed to the report reader came from. Every reader of a
/// format (the HTML page today; attachments, sheets and PDF pages next)
/// fills the same model, ``TableGrid`` of ``SourceCell``s with this origin,
/// so one column-role reader serves them all.
public struct TableOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The file the table is in: nil for the article page itself, else an
    /// attachment's name as the page shows it.
    public var file: String?
    /// The part of that file: a sheet's name, `第3页`; nil when it has one part.
    public var part: String?
    /// The table's position among those of its file (or part), from 1.
    public var index: Int

    public init(file: String? = nil, part: String? = nil, index: Int) {
        self.file = file
        self.part = part
        self.index = index
    }

    /// The `index`th table of the article page.
    public static func page(table index: Int) -> TableOrigin { TableOrigin(index: index) }

    /// `table 2`, `附件.xlsx, 半年度, table 1`: how notes name it.
    public var description: String {
        ([file, part].compactMap { $0 } + ["table \(index)"]).joined(separator: ", ")
    }
}
