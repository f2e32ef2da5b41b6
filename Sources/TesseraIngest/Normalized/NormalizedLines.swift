import Foundation
import TesseraSDK
import TesseraStore

/// Writes and reads the lines of the normalized format (``NormalizedFormat``).
///
/// An event line holds its record's `locator`, `record_dedup_key`, `ev` (its index in the
/// record) and `events` (their number), `ts_us` and every `event_rows` text column exactly as the
/// store binds it (``EncodedRecord/eventColumnNames``: `details` and `logon_identity` are JSON
/// text). The record's first event line also holds `raw` (or `raw_base64` when the bytes are not
/// UTF-8) and, for support logs and Lockbox requests, `support_session`. A reject line holds
/// `locator`, `reason` and `raw` (or `raw_base64`).
enum NormalizedLines {
    /// Appends the lines of a record (one per event).
    static func appendRecord(_ record: EncodedRecord, src: Int, seq: Int, to out: inout [UInt8]) {
        let raw = record.raw
        for ev in 0..<record.eventCount {
            appendHead("event", src: src, seq: seq, to: &out)
            out.append(contentsOf: ",\"ev\":\(ev),\"events\":\(record.eventCount),\"locator\":".utf8)
            JSONWriter.writeString(record.locator, to: &out)
            out.append(contentsOf: ",\"record_dedup_key\":".utf8)
            JSONWriter.writeString(record.dedupKey, to: &out)
            if ev == 0 {
                appendRaw(raw, to: &out)
                if let session = record.supportSession {
                    out.append(contentsOf: ",\"support_session\":".utf8)
                    JSONWriter.write(.object(SupportSessionJSON.encode(session)), to: &out)
                }
            }
            out.append(contentsOf: ",\"ts_us\":\(record.timestamp(ev))".utf8)
            for (column, name) in EncodedRecord.eventColumnNames.enumerated() {
                out.append(contentsOf: ",\"\(name)\":".utf8)
                record.withEventValue(ev, column) { value in
                    if let value { JSONWriter.writeString(utf8: value, to: &out) } else { out.append(contentsOf: "null".utf8) }
                }
            }
            out.append(contentsOf: "}\n".utf8)
        }
    }

    /// Appends a reject line.
    static func appendReject(_ reject: Reject, src: Int, seq: Int, to out: inout [UInt8]) {
        appendHead("reject", src: src, seq: seq, to: &out)
        out.append(contentsOf: ",\"locator\":".utf8)
        JSONWriter.writeString(reject.locator, to: &out)
        out.append(contentsOf: ",\"reason\":".utf8)
        JSONWriter.writeString(reject.reason, to: &out)
        appendRaw(reject.raw, to: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    private static func appendHead(_ type: String, src: Int, seq: Int, to out: inout [UInt8]) {
        out.append(contentsOf: NormalizedFormat.linePrefix)
        out.append(contentsOf: "\"type\":\"\(type)\",\"src\":\(src),\"seq\":\(seq)".utf8)
    }

    private static func appendRaw(_ raw: [UInt8], to out: inout [UInt8]) {
        if String(validating: raw, as: UTF8.self) != nil {
            out.append(contentsOf: ",\"raw\":".utf8)
            raw.withUnsafeBytes { JSONWriter.writeString(utf8: $0, to: &out) }
        } else {
            out.append(contentsOf: ",\"raw_base64\":\"".utf8)
            out.append(contentsOf: Data(raw).base64EncodedString().utf8)
            out.append(UInt8(ascii: "\""))
        }
    }

    /// A line's raw bytes (`raw` or `raw_base64`).
    static func raw(_ o: JSONObject, place: String) throws(NormalizedFormatError) -> [UInt8] {
        if let text = o["raw"]?.stringValue { return Array(text.utf8) }
        if let encoded = o["raw_base64"]?.stringValue, let data = Data(base64Encoded: encoded) { return Array(data) }
        throw NormalizedFormatError(place: place, reason: "the line has neither 'raw' nor a valid 'raw_base64'")
    }
}

/// A support session as a JSON object in the normalized format, and back.
enum SupportSessionJSON {
    static func encode(_ s: SupportSession) -> JSONObject {
        func t(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        return JSONObject([
            ("interaction_id", .string(s.interactionID)), ("kind", .string(s.kind.rawValue)), ("engineer", t(s.engineer)),
            ("engineer_name", t(s.engineerName)), ("engineer_country", t(s.engineerCountry)), ("engineer_site", t(s.engineerSite)),
            ("employer", t(s.employer)), ("clearance", t(s.clearance)), ("tenant", t(s.tenant)), ("customer_class", t(s.customerClass)),
            ("start_us", .number(String(s.startUs))), ("start_raw", .string(s.startRaw)),
            ("end_us", s.endUs.map { .number(String($0)) } ?? .null), ("end_raw", t(s.endRaw)), ("channel", t(s.channel)),
            ("ticket_url", t(s.ticketURL)), ("approval", t(s.approval)), ("status", t(s.status)), ("summary", t(s.summary)),
            ("accounts", .array(s.accounts.map(JSONValue.string))), ("source_ips", .array(s.sourceIPs.map(JSONValue.string))),
            ("scope", .array(s.scope.map(JSONValue.string))), ("details", .object(s.details)),
        ])
    }

    static func decode(_ o: JSONObject, place: String) throws(NormalizedFormatError) -> SupportSession {
        guard let id = o["interaction_id"]?.stringValue, let kind = o["kind"]?.stringValue.flatMap(SupportSession.Kind.init(rawValue:)),
            let start = o["start_us"]?.intValue, let startRaw = o["start_raw"]?.stringValue
        else {
            throw NormalizedFormatError(place: place, reason: "support_session lacks interaction_id, kind, start_us or start_raw")
        }
        func t(_ key: String) -> String? { o[key]?.isNull == false ? o[key]?.stringValue : nil }
        func list(_ key: String) -> [String] { (o[key]?.arrayValue ?? []).compactMap(\.stringValue) }
        var s = SupportSession(interactionID: id, kind: kind, startUs: start, startRaw: startRaw)
        s.engineer = t("engineer"); s.engineerName = t("engineer_name"); s.engineerCountry = t("engineer_country")
        s.engineerSite = t("engineer_site"); s.employer = t("employer"); s.clearance = t("clearance"); s.tenant = t("tenant")
        s.customerClass = t("customer_class"); s.endUs = o["end_us"]?.intValue; s.endRaw = t("end_raw"); s.channel = t("channel")
        s.ticketURL = t("ticket_url"); s.approval = t("approval"); s.status = t("status"); s.summary = t("summary")
        s.accounts = list("accounts"); s.sourceIPs = list("source_ips"); s.scope = list("scope")
        s.details = o["details"]?.objectValue ?? JSONObject()
        return s
    }
}
