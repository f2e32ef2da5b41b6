@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSupportLog(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    fuzzPlugin(SupportLogPlugin(), Array(UnsafeRawBufferPointer(start: data, count: size)))
    return 0
}
