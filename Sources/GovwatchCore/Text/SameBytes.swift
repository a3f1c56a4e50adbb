import Foundation

/// Byte-for-byte equality by `memcmp`, for what is compared whole many
/// times over (the site's progress items and pages, a stored snapshot's
/// strings against the report before it): `==` on strings compares under
/// Unicode's rules, and `elementsEqual` walks one byte at a time.
package enum SameBytes {
    @inlinable
    package static func memory(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let first = a.baseAddress, let second = b.baseAddress else { return true }  // both empty
        // One storage (strings a series' reports share, read beside each other): no need to compare.
        return first == second || memcmp(first, second, a.count) == 0
    }

    /// The same UTF-8 (canonically equal texts in other bytes differ).
    @inlinable
    package static func text(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let same = a.utf8.withContiguousStorageIfAvailable { first in
            b.utf8.withContiguousStorageIfAvailable { second in
                memory(UnsafeRawBufferPointer(first), UnsafeRawBufferPointer(second))
            }
        }
        return (same ?? nil) ?? a.utf8.elementsEqual(b.utf8)
    }

    /// The same strings in the same order, each the same UTF-8 (``text(_:_:)``).
    @inlinable
    package static func texts(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { text($0, $1) }
    }

    /// Whether `text`'s UTF-8 is these bytes.
    @inlinable
    package static func text(_ text: String, is bytes: UnsafeRawBufferPointer) -> Bool {
        guard text.utf8.count == bytes.count else { return false }
        let same = text.utf8.withContiguousStorageIfAvailable { memory(UnsafeRawBufferPointer($0), bytes) }
        return same ?? bytes.elementsEqual(text.utf8)
    }
}
