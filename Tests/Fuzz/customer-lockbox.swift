@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLockbox(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    fuzzPlugin(CustomerLockboxPlugin(), Array(UnsafeRawBufferPointer(start: data, count: size)))
    return 0
}
