import TesseraSDK

/// One mapping file running as an ingest plugin (`mapping:NAME`). The mapping is compiled once
/// when loaded; ingesting runs the compiled form per record. Obtain them from ``MappingCatalog``.
public struct MappingIngestPlugin: IngestPlugin {
    let mapping: CompiledMapping

    init(mapping: CompiledMapping) {
        self.mapping = mapping
    }

    /// Compiles mapping-file text. `file` names it in errors; `origin` is shown by `tessera plugins`.
    public init(yaml: String, file: String, origin: String) throws(MappingError) {
        self.mapping = try MappingCompiler.compile(text: yaml, file: file, origin: origin)
    }

    /// `mapping:NAME`, the mapping's version, its format and a summary ending with where it came
    /// from. Its claims yield to any compiled plugin's (``DetectionPrecedence/mapping``).
    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            name: "mapping:\(mapping.name)", version: mapping.version, formats: [mapping.format],
            summary: "\(mapping.summary) [\(mapping.origin)]", precedence: .mapping)
    }

    /// The mapping's own name (without the `mapping:` prefix).
    public var mappingName: String { mapping.name }

    /// `built-in` or the path of the mapping file.
    public var origin: String { mapping.origin }

    /// The mapping's format name when every `detect:` condition holds for the head of the file;
    /// else nil. (Whether a compiled plugin's claim wins over it is the detector's business.)
    public func detect(_ head: SniffedHead) -> String? {
        MappingDetector(mapping: mapping).verdict(head) == .claims ? mapping.format : nil
    }

    /// Why this mapping does or does not claim a file, in words (for `tessera mapping check`).
    public func detectionExplanation(_ head: SniffedHead) -> String {
        switch MappingDetector(mapping: mapping).verdict(head) {
        case .claims: return "claims \(head.fileName) as \(mapping.format)"
        case .declines(let why): return "does not claim \(head.fileName): \(why)"
        }
    }

    /// Reads every record of the file, emitting mapped records and rejects. Throws
    /// `EvidenceError` only when the file as a whole is not of the mapping's input kind.
    public func ingest(_ input: EvidenceInput, context: IngestContext, sink: any EventSink) throws {
        try MappingReader(mapping: mapping, context: context).read(input, sink: sink)
    }
}
