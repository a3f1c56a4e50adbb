#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Test hook: `GOVWATCH_TEST_CRASH=<point>` ends the process at that point
/// with status 99, as a power cut would, so tests can prove that nothing is
/// lost or repeated. Unset in production, where ``hit(_:)`` is one compare.
///
/// The points: `after-commit` (a cycle is stored, its alerts not
/// delivered), `after-batch-commit` (the first batch of a cycle's pages is
/// stored, the rest not fetched), `after-spool` (in the spool, not yet
/// marked), and
/// `after-notify-send` (a notifier's message sent, not yet recorded).
/// It lives here, the lowest module that ends processes on purpose, so the
/// monitor and the notifiers share one copy.
public enum CrashPoint {
    static let armed: String? = {
        guard let value = getenv("GOVWATCH_TEST_CRASH") else { return nil }
        return String(cString: value)
    }()

    public static func hit(_ name: String) {
        if armed == name { _exit(99) }
    }
}
