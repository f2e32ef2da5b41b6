/// The built-in mappings (CloudTrail, Box, Drive, S3 access log, Azure Storage Analytics,
/// Dropbox), compiled once. Every input goes through every mapping, detected or not: the input
/// readers (JSON record stream, delimited splitter, line skipper), the time formats and the
/// transforms all see adversarial bytes.
nonisolated(unsafe) let builtInMappings: [MappingIngestPlugin] = {
    do { return try MappingCatalog.builtIn() } catch { fatalError("built-in mappings do not compile: \(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMapping(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    for plugin in builtInMappings { fuzzPlugin(plugin, bytes) }
    return 0
}
