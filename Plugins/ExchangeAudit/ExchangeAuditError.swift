/// Why an Exchange audit XML file as a whole cannot be read, phrased for an analyst.
public enum ExchangeAuditError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file declares a DTD (`<!DOCTYPE`), which Exchange never writes; DTDs carry entity
    /// declarations (XXE, entity-expansion bombs), so the file is not parsed at all.
    case documentTypeDeclaration(line: Int)
    /// One element is larger than the plugin keeps in memory.
    case recordTooLarge(line: Int, limit: Int)
    /// After a fault, no further record start was found within the limit.
    case unreadableStretch(line: Int, limit: Int)
    /// libxml2 could not be set up.
    case parserUnavailable

    public var description: String {
        switch self {
        case .documentTypeDeclaration(let line):
            return
                "line \(line): the file declares a DTD (<!DOCTYPE ...>); Exchange audit exports never do, and a DTD can define entities that read local files or expand without bound (XXE, billion laughs). The file was not parsed. Check where it came from; if it is genuine, remove the DOCTYPE from a working copy (keep the original) and ingest the copy."
        case .recordTooLarge(let line, let limit):
            return
                "line \(line): one element is larger than \(Self.size(limit)); Exchange audit records are a few KiB, so this is not an audit export or it is corrupt. Nothing of the file was stored; inspect it from that line."
        case .unreadableStretch(let line, let limit):
            return
                "line \(line): after an XML fault no further <Event> or <Obj> record starts within \(Self.size(limit)); the file is too damaged to read on. Nothing of the file was stored; inspect it from that line."
        case .parserUnavailable:
            return "libxml2 could not create a reader (out of memory?); retry, and report it if it persists."
        }
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }
}
