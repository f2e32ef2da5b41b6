@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    if let value = try? JSONParser.parse(bytes) {
        // What we write back must parse to the same value.
        let again = try? JSONParser.parse(JSONWriter.string(value))
        precondition(again == value, "JSON round trip changed the value")
    }
    return 0
}
