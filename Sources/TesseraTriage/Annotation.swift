import TesseraSDK

/// One row of `annotations`: a verdict with tags and a comment, who gave it and when, chained
/// by hash to the row before it.
public struct Annotation: Sendable, Equatable {
    public var id: Int64
    public var kind: TargetKind
    public var key: String
    public var status: TriageStatus
    /// The tags as stored: a JSON array of strings (hashed as this exact text).
    public var tagsJSON: String
    public var comment: String?
    public var analyst: String
    /// ISO 8601 UTC with microseconds.
    public var createdUTC: String
    public var prevSHA256: String
    public var rowSHA256: String

    public init(
        id: Int64, kind: TargetKind, key: String, status: TriageStatus, tagsJSON: String, comment: String?,
        analyst: String, createdUTC: String, prevSHA256: String, rowSHA256: String
    ) {
        self.id = id
        self.kind = kind
        self.key = key
        self.status = status
        self.tagsJSON = tagsJSON
        self.comment = comment
        self.analyst = analyst
        self.createdUTC = createdUTC
        self.prevSHA256 = prevSHA256
        self.rowSHA256 = rowSHA256
    }

    /// The tags (an unreadable tags column reads as no tags; `verify` reports the row).
    public var tags: [String] { Tags.decode(tagsJSON) ?? [] }

    /// The hash this row's content gives (equal to ``rowSHA256`` unless the row was altered).
    public var computedSHA256: String {
        AnnotationChain.rowHash(
            id: id, kind: kind.rawValue, key: key, status: status.rawValue, tagsJSON: tagsJSON,
            comment: comment, analyst: analyst, createdUTC: createdUTC, prevSHA256: prevSHA256)
    }
}

/// The latest annotation of one target, as `current_annotations` gives it.
public struct CurrentAnnotation: Sendable, Equatable {
    public var latest: Annotation
    /// The latest comment in the target's history (the latest row may have none).
    public var latestComment: String?
    /// Rows in the target's history, the latest included.
    public var historyCount: Int
}

/// Tags as stored: a JSON array of distinct strings, in the order they were added.
public enum Tags {
    /// The JSON text of `tags`.
    public static func encode(_ tags: [String]) -> String {
        JSONWriter.string(.array(tags.map { .string($0) }))
    }

    /// The tags of a JSON array of strings; nil when the text is not one.
    public static func decode(_ json: String) -> [String]? {
        guard let value = try? JSONParser.parse(json), let array = value.arrayValue else { return nil }
        var tags: [String] = []
        for item in array {
            guard case .string(let s) = item else { return nil }
            tags.append(s)
        }
        return tags
    }
}
