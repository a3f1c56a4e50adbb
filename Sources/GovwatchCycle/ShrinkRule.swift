/// A report table that suddenly loses most of its rows is a page problem
/// (a template change, a half-published edit), not the mass removal of
/// tasks: it is reported once as unparsed and its last good content kept.
package enum ShrinkRule {
    /// Smaller reports are not judged: losing 2 of 3 rows can be a real edit.
    package static let minimumRows = 4
    /// Suspicious when fewer than half the rows remain.
    package static let keptFraction = 0.5

    package static func isSuspicious(from old: Int, to new: Int) -> Bool {
        old >= minimumRows && Double(new) < Double(old) * keptFraction
    }
}
