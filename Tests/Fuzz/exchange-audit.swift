@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExchangeAudit(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    fuzzPlugin(ExchangeAuditPlugin(), Array(UnsafeRawBufferPointer(start: data, count: size)))
    return 0
}
