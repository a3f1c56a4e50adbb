#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Test hook: a crash point armed by name ends the process there with
/// status 99, as a power cut would, so tests can prove that nothing is lost
/// or repeated. Unarmed in production, where ``hit(_:)`` is one compare.
/// The CLI arms it from `GOVWATCH_TEST_CRASH` (``TestHooks``) and passes
/// it down; nothing reads the environment here.
///
/// The points: `after-commit` (a cycle is stored, its alerts not
/// delivered), `after-batch-commit` (the first batch of a cycle's pages is
/// stored, the rest not fetched), `after-spool` (in the spool, not yet
/// marked), and `after-notify-send` (a notifier's message sent, not yet
/// recorded). It lives here, the lowest module that ends processes on
/// purpose, so the monitor and the notifiers share one copy.
public struct CrashPoint: Sendable, Hashable {
    /// The point that ends the process; nil: none.
    public let armed: String?

    public init(armed: String?) { self.armed = armed }

    /// Never ends the process.
    public static let none = CrashPoint(armed: nil)

    public func hit(_ name: String) {
        if armed == name { _exit(99) }
    }
}
