@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAzureMonitor(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    fuzzPlugin(AzureMonitorPlugin(), Array(UnsafeRawBufferPointer(start: data, count: size)))
    return 0
}
