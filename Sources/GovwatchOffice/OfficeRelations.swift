import GovwatchHTML

/// Where an Office Open XML package keeps its parts: the package's
/// relationships (`_rels/.rels`) name the main part, and a part's own
/// (`dir/_rels/name.rels`) name the parts it uses, each by a type URI
/// (ECMA-376 Part 2, Open Packaging Conventions). Writers other than Office
/// may use other names than `word/document.xml` or `xl/sharedStrings.xml`.
enum OfficeRelations {
    /// The package's main part (`…/officeDocument`), or `fallback` when the
    /// package names none (the usual name: many writers omit nothing, but
    /// a hand-made file may).
    static func mainPart(_ archive: ZipArchive, fallback: String) throws(OfficeError) -> String {
        try targets(archive, of: nil).first { $0.type.hasSuffix("/officeDocument") }?.part ?? fallback
    }

    /// The parts `source` relates to, by id, type and the part's path in the archive.
    static func targets(_ archive: ZipArchive, of source: String?) throws(OfficeError) -> [(
        id: String, type: String, part: String
    )] {
        let folder = source.map(Self.folder) ?? ""
        let relations = source.map { folder + "_rels/" + String($0.dropFirst(folder.count)) + ".rels" } ?? "_rels/.rels"
        guard let bytes = try archive.read(relations) else { return [] }
        var found: [(id: String, type: String, part: String)] = []
        try OfficeXML.parse(bytes, part: relations).root?.forEachDescendant { node in
            guard node.isElement("Relationship"), let target = node.attribute("Target") else { return true }
            // External targets (hyperlinks) are not parts of the package.
            guard node.attribute("TargetMode") != "External" else { return false }
            let part = target.hasPrefix("/") ? String(target.dropFirst()) : resolve(target, in: folder)
            found.append((node.attribute("Id") ?? "", node.attribute("Type") ?? "", part))
            return false
        }
        return found
    }

    /// `xl/workbook.xml` → `xl/`.
    static func folder(_ part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "" }
        return String(part[...slash])
    }

    /// A relative target from `folder` (`../media/a.png`, `worksheets/sheet1.xml`).
    static func resolve(_ target: String, in folder: String) -> String {
        var path = folder.split(separator: "/").map(String.init)
        for segment in target.split(separator: "/") {
            if segment == ".." {
                _ = path.popLast()
            } else if segment != "." {
                path.append(String(segment))
            }
        }
        return path.joined(separator: "/")
    }
}
