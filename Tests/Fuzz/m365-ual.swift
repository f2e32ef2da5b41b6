@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUnifiedAuditLog(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    fuzzPlugin(UnifiedAuditLogPlugin(), Array(UnsafeRawBufferPointer(start: data, count: size)))
    return 0
}
