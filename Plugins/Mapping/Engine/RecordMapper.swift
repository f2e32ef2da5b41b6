import Foundation
import TesseraSDK

/// Turns one record (a JSON value or a row of fields) into a ``SourceRecord`` or a ``Reject``
/// by running a compiled mapping. Pure: no I/O, no shared state.
struct RecordMapper {
    let mapping: CompiledMapping
    let sourceZone: TimeZone?

    struct Failure: Error {
        var reason: String
    }

    /// A mapped record or the reason it could not be mapped.
    enum Outcome {
        case record(SourceRecord)
        case reject(Reject)
    }

    func map(_ base: Scope, raw: [UInt8], locator: String) -> Outcome {
        do throws(Failure) {
            return .record(try mapOrThrow(base, raw: raw, locator: locator))
        } catch {
            return .reject(Reject(locator: locator, reason: "mapping \(mapping.name): \(error.reason)", raw: raw))
        }
    }

    private func withVariables(_ scope: Scope) -> Scope {
        guard !mapping.variables.isEmpty else { return scope }
        var s = scope
        s.variables.removeAll(keepingCapacity: true)
        for variable in mapping.variables { s.variables.append(s.evaluate(variable.value)) }
        return s
    }

    private func mapOrThrow(_ base: Scope, raw: [UInt8], locator: String) throws(Failure) -> SourceRecord {
        if !mapping.input.isRowBased {
            guard case .object? = base.json else { throw Failure(reason: "the record is not a JSON object") }
        }
        var scopes: [Scope] = []
        if let each = mapping.event.each {
            let elements: [JSONValue]
            switch base.json.flatMap({ each.resolve(in: $0) }) {
            case .array(let items)?: elements = items
            case .none, .null?: elements = []
            case let single?: elements = [single]
            }
            guard !elements.isEmpty else {
                throw Failure(reason: "`each: \(mapping.event.eachText ?? "")` has no elements in this record, so it yields no event")
            }
            for element in elements {
                var s = base
                s.element = element
                scopes.append(withVariables(s))
            }
        } else {
            scopes = [withVariables(base)]
        }
        var events: [NormalizedEvent] = []
        events.reserveCapacity(scopes.count)
        for (i, scope) in scopes.enumerated() {
            do {
                events.append(try event(in: scope))
            } catch {
                throw Failure(reason: scopes.count > 1 ? "element \(i + 1) of `\(mapping.event.eachText ?? "")`: \(error.reason)" : error.reason)
            }
        }
        let key: String
        if let dedupExpr = mapping.dedupKey, let value = scopes[0].evaluate(dedupExpr) {
            key = mapping.dedupPrefix + ":" + Scope.text(of: value)
        } else {
            key = ContentKey.make(prefix: mapping.dedupPrefix, bytes: raw)
        }
        return SourceRecord(locator: locator, dedupKey: key, raw: raw, events: events)
    }

    /// Line breaks become spaces (`events.message` is one line).
    static func oneLine(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousCR { previousCR = false; continue }
            previousCR = scalar == "\r"
            out.unicodeScalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar)
        }
        return out
    }

    private func text(_ expr: Expr?, in scope: Scope) -> String? {
        guard let expr, let value = scope.evaluate(expr) else { return nil }
        let s = Scope.text(of: value)
        return s.isEmpty ? nil : s
    }

    private func event(in scope: Scope) throws(Failure) -> NormalizedEvent {
        let spec = mapping.event
        guard let timeRaw = text(spec.time.value, in: scope) else {
            throw Failure(reason: "field `time`: no value in this record")
        }
        let timestampUs: Int64
        switch spec.time.resolve(timeRaw, sourceZone: sourceZone) {
        case .success(let us): timestampUs = us
        case .failure(.unparseable(let raw)), .failure(.naive(let raw, .fixed)):
            throw Failure(reason: "field `time`: '\(raw)' matches none of the mapping's time formats")
        case .failure(.naive(let raw, .source)):
            throw Failure(reason: "field `time`: \(TimestampError.naiveWithoutZone(raw).description)")
        case .failure(.naive(let raw, .valueOnly)):
            throw Failure(reason: "field `time`: '\(raw)' has no zone or offset, and this mapping requires one (zone: value)")
        case .failure(.missing):
            throw Failure(reason: "field `time`: no value in this record")
        }
        guard let operation = text(spec.operation, in: scope) else {
            throw Failure(reason: "field `operation`: no value in this record")
        }
        var details = JSONObject()
        for (key, expr) in spec.details {
            if let value = scope.evaluate(expr) { details[key] = value }
        }
        let actorRaw = text(spec.actor, in: scope)
        var clientIP: String? = nil
        if let ipRaw = text(spec.clientIP, in: scope) {
            let normalized = scope.cache.map { $0.normalizedIP(ipRaw) } ?? IPAddress.normalize(ipRaw)
            if let normalized {
                clientIP = normalized
            } else {
                details["client_ip_raw"] = .string(ipRaw) // a host name or "AWS Internal": kept, not lost
            }
        }
        let action = text(spec.action, in: scope) ?? EventAction.other
        let resource = text(spec.resource, in: scope)
        let resourceName = text(spec.resourceName, in: scope)
        let message =
            text(spec.message, in: scope)
            ?? "\(operation) by \(actorRaw ?? "unknown actor")\((resourceName ?? resource).map { " on \($0)" } ?? "")"
        return NormalizedEvent(
            timestampUs: timestampUs, timestampRaw: timeRaw, timestampDescription: spec.time.description,
            category: text(spec.category, in: scope) ?? EventCategory.other, operation: operation, action: action,
            outcome: text(spec.outcome, in: scope),
            actor: actorRaw.flatMap { raw in scope.cache.map { $0.canonicalActor(raw) } ?? IdentityCanonicalizer.canonical(raw) },
            actorRaw: actorRaw, actorType: text(spec.actorType, in: scope), clientIP: clientIP,
            userAgent: text(spec.userAgent, in: scope), tenant: text(spec.tenant, in: scope),
            resourceType: text(spec.resourceType, in: scope), resource: resource, resourceName: resourceName,
            sessionID: text(spec.sessionID, in: scope), recordID: text(spec.recordID, in: scope),
            message: Self.oneLine(message),
            details: details)
    }
}
