import GovwatchConfig

/// Config text → configuration or a `ConfigurationError` whose message names
/// the file. Never a trap, whatever the TOML.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try ConfigurationLoader.parse(text, file: "/fuzz/govwatch.toml")
    } catch {
        precondition(error.description.contains("/fuzz/govwatch.toml"), "error does not name the file: \(error)")
    }
    return 0
}
