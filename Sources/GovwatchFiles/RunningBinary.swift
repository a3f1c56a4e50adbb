import Foundation

/// The running govwatch binary, for labelling what its code computed and
/// left on disk (a page's inputs, the calendar's judgment): a result
/// labelled with another binary's identity is computed again.
package enum RunningBinary {
    /// The binary as a file (device, inode, size, modification and change
    /// times). `/proc/self/exe` is the file this process runs even after an
    /// upgrade replaced its path, so a process of the old code never labels
    /// its results as the new one's. Unknown (no `/proc`): a value of this
    /// process only, so that nothing another process computed is taken as current.
    package static let identity = (try? SystemCall.fileIdentity("/proc/self/exe")) ?? UUID().uuidString
}
