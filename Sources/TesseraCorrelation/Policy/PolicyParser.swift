import TesseraSDK
import Yams

/// Turns policy text (YAML or JSON) into a ``Policy``. Keys a file leaves out keep the
/// default policy's values; unknown keys and wrong values are errors naming their line.
enum PolicyParser {
    static func parse(bytes: [UInt8], source: String) throws(CorrelationError) -> Policy {
        try parse(text: String(decoding: bytes, as: UTF8.self), source: source, hash: FileBytes.sha256(bytes: bytes))
    }

    static func parse(text: String, source: String) throws(CorrelationError) -> Policy {
        try parse(text: text, source: source, hash: FileBytes.sha256(bytes: Array(text.utf8)))
    }

    private static func parse(text: String, source: String, hash: String) throws(CorrelationError) -> Policy {
        let root: PolicyNode
        let trimmed = text.trimmingCharactersInWhitespace()
        if trimmed.hasPrefix("{") {
            do { root = PolicyNode.from(json: try JSONParser.parse(trimmed)) } catch {
                throw .policyInvalid(source: source, location: "at byte \(error.offset)", problem: "not valid JSON: \(error.reason)")
            }
        } else {
            let node: Node?
            do { node = try Yams.compose(yaml: text) } catch {
                throw .policyInvalid(source: source, location: "", problem: "not valid YAML: \(error)")
            }
            guard let node else { throw .policyInvalid(source: source, location: "", problem: "the file is empty") }
            do { root = try PolicyNode.from(yaml: node) } catch {
                throw .policyInvalid(source: source, location: error.location, problem: error.problem)
            }
        }
        let base: Policy? = source == "default" ? nil : Policy.default
        do {
            return try decode(root, base: base, source: source, hash: hash)
        } catch let error as PolicyNodeError {
            throw .policyInvalid(source: source, location: error.location, problem: error.problem)
        } catch {
            throw .policyInvalid(source: source, location: "", problem: "\(error)")
        }
    }

    private static func decode(_ root: PolicyNode, base: Policy?, source: String, hash: String) throws -> Policy {
        let top = try Map(
            root,
            allowed: [
                "version", "windows", "customer_classes", "privileged_actions", "bulk_thresholds",
                "scope", "identities", "rules",
            ])
        if let version = top["version"] {
            guard try integer(version) == 1 else { throw PolicyNodeError(location: version.location, problem: "`version` must be 1") }
        }
        func need<T>(_ key: String, _ fallback: T?) throws(PolicyNodeError) -> T {
            guard let fallback else { throw PolicyNodeError(location: root.location, problem: "missing `\(key)`") }
            return fallback
        }

        let windows = try top["windows"].map { node throws(PolicyNodeError) in
            try Map(node, allowed: ["slack_minutes", "max_open_session_hours", "lockbox_default_hours"])
        }
        let slack = try windows?["slack_minutes"].map(integer) ?? need("windows.slack_minutes", base?.slackMinutes)
        guard slack >= 0 else { throw PolicyNodeError(location: windows?["slack_minutes"]?.location ?? "", problem: "`slack_minutes` must not be negative") }
        let maxOpen =
            try windows?["max_open_session_hours"].map(positiveNumber)
            ?? need("windows.max_open_session_hours", base?.maxOpenSessionHours)
        let lockbox =
            try windows?["lockbox_default_hours"].map(positiveNumber)
            ?? need("windows.lockbox_default_hours", base?.lockboxDefaultHours)

        var classes: [String: CustomerClassPolicy]
        var defaultClass: CustomerClassPolicy
        if let node = top["customer_classes"] {
            classes = [:]
            defaultClass = CustomerClassPolicy()
            let map = try Map(node, allowed: nil)
            for (name, value) in map.pairs {
                let entry = try Map(value, allowed: ["allowed_countries", "required_clearance"])
                var countries: Set<String> = []
                for item in try entry["allowed_countries"].map(stringList) ?? [] {
                    let code = item.uppercased()
                    guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                        throw PolicyNodeError(
                            location: entry["allowed_countries"]!.location,
                            problem: "'\(item)' is not an ISO 3166-1 alpha-2 country code (e.g. US, DE)")
                    }
                    countries.insert(code)
                }
                let clearance = Set(try entry["required_clearance"].map(stringList)?.map(Policy.clearanceValue) ?? [])
                let rule = CustomerClassPolicy(allowedCountries: countries, requiredClearance: clearance)
                if Policy.className(name) == "default" { defaultClass = rule } else { classes[Policy.className(name)] = rule }
            }
        } else {
            classes = try need("customer_classes", base?.customerClasses)
            defaultClass = try need("customer_classes.default", base?.defaultClass)
        }

        let privileged = try top["privileged_actions"].map(stringList).map(Set.init) ?? need("privileged_actions", base?.privilegedActions)

        var bulk: [String: Int]
        if let node = top["bulk_thresholds"] {
            bulk = [:]
            for (type, value) in try Map(node, allowed: nil).pairs {
                let n = try integer(value)
                guard n >= 0 else { throw PolicyNodeError(location: value.location, problem: "a bulk threshold must not be negative") }
                bulk[type] = n
            }
        } else {
            bulk = try need("bulk_thresholds", base?.bulkThresholds)
        }

        let scope = try top["scope"].map { node throws(PolicyNodeError) in try Map(node, allowed: ["enforce", "admin_areas"]) }
        let enforce = try scope?["enforce"].map(boolean) ?? need("scope.enforce", base?.enforceScope)
        // A file's admin areas extend the default table (an area named again gains the entries).
        var adminAreas = base?.adminAreas ?? [:]
        if let node = scope?["admin_areas"] {
            for (name, value) in try Map(node, allowed: nil).pairs {
                let entry = try Map(value, allowed: ["operations", "actions", "resource_types"])
                let operations = try entry["operations"].map(stringList) ?? []
                if let empty = operations.first(where: { $0.trimmingCharactersInWhitespace().isEmpty || $0.allSatisfy { $0 == "*" } }) {
                    throw PolicyNodeError(
                        location: entry["operations"]!.location,
                        problem: "operation pattern '\(empty)' would match every operation; name the operations of area `\(name)`")
                }
                let area = AdminArea(
                    operations: operations, actions: Set(try entry["actions"].map(stringList) ?? []),
                    resourceTypes: Set(try entry["resource_types"].map(stringList) ?? []))
                let key = AdminArea.canonicalName(name)
                guard !key.isEmpty else { throw PolicyNodeError(location: value.location, problem: "an admin area needs a name") }
                adminAreas[key] = adminAreas[key].map { $0.adding(area) } ?? area
            }
        }

        let identities = try top["identities"].map { node throws(PolicyNodeError) in
            try Map(node, allowed: ["support_actor_types", "lockbox_actor_types"])
        }
        let supportTypes = try identities?["support_actor_types"].map(actorTypes) ?? need("identities.support_actor_types", base?.supportActorTypes)
        let lockboxTypes = try identities?["lockbox_actor_types"].map(actorTypes) ?? need("identities.lockbox_actor_types", base?.lockboxActorTypes)

        var rules = base?.rules ?? [:]
        if let node = top["rules"] {
            for (name, value) in try Map(node, allowed: nil).pairs {
                guard let rule = RuleID(rawValue: name) else {
                    throw PolicyNodeError(
                        location: value.location,
                        problem: "unknown rule '\(name)'; the rules are "
                            + RuleID.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let entry = try Map(value, allowed: ["enabled", "severity"])
                var setting = rules[rule] ?? RuleSetting(enabled: true, severity: rule.defaultSeverity)
                if let enabled = entry["enabled"] { setting.enabled = try boolean(enabled) }
                if let severity = entry["severity"] {
                    let text = try string(severity).lowercased()
                    guard let value = Severity(rawValue: text) else {
                        throw PolicyNodeError(location: severity.location, problem: "severity must be high, medium or low, not '\(text)'")
                    }
                    setting.severity = value
                }
                rules[rule] = setting
            }
        }

        return Policy(
            slackMinutes: slack, maxOpenSessionHours: maxOpen, lockboxDefaultHours: lockbox,
            customerClasses: classes, defaultClass: defaultClass, privilegedActions: privileged,
            bulkThresholds: bulk, enforceScope: enforce, adminAreas: adminAreas, supportActorTypes: supportTypes,
            lockboxActorTypes: lockboxTypes, rules: rules, source: source, sha256: hash)
    }

    // MARK: - Typed readers

    struct Map {
        let pairs: [(key: String, value: PolicyNode)]

        init(_ node: PolicyNode, allowed: Set<String>?) throws(PolicyNodeError) {
            guard case .map(let pairs, _) = node else {
                throw PolicyNodeError(location: node.location, problem: "expected a mapping of keys to values")
            }
            var seen: Set<String> = []
            for pair in pairs {
                if let allowed, !allowed.contains(pair.key) {
                    throw PolicyNodeError(
                        location: pair.value.location,
                        problem: "unknown key `\(pair.key)` (allowed here: "
                            + allowed.sorted().joined(separator: ", ") + ")")
                }
                guard seen.insert(pair.key).inserted else {
                    throw PolicyNodeError(location: pair.value.location, problem: "key `\(pair.key)` appears twice")
                }
            }
            self.pairs = pairs
        }

        subscript(key: String) -> PolicyNode? { pairs.first(where: { $0.key == key })?.value }
    }

    static func string(_ node: PolicyNode) throws(PolicyNodeError) -> String {
        guard case .scalar(let s, _) = node else { throw PolicyNodeError(location: node.location, problem: "expected a single value") }
        return s
    }

    static func integer(_ node: PolicyNode) throws(PolicyNodeError) -> Int {
        guard let n = Int(try string(node)) else { throw PolicyNodeError(location: node.location, problem: "expected a whole number") }
        return n
    }

    static func positiveNumber(_ node: PolicyNode) throws(PolicyNodeError) -> Double {
        guard let n = Double(try string(node)), n > 0, n.isFinite else {
            throw PolicyNodeError(location: node.location, problem: "expected a number greater than zero")
        }
        return n
    }

    static func boolean(_ node: PolicyNode) throws(PolicyNodeError) -> Bool {
        switch try string(node).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw PolicyNodeError(location: node.location, problem: "expected true or false")
        }
    }

    static func stringList(_ node: PolicyNode) throws(PolicyNodeError) -> [String] {
        if case .null = node { return [] }
        guard case .list(let items, _) = node else { throw PolicyNodeError(location: node.location, problem: "expected a list") }
        var result: [String] = []
        for item in items { result.append(try string(item)) }
        return result
    }

    static func actorTypes(_ node: PolicyNode) throws(PolicyNodeError) -> Set<String> {
        let values = try stringList(node)
        for value in values where !Policy.indexedSupportActorTypes.contains(value) {
            throw PolicyNodeError(
                location: node.location,
                problem: "actor type '\(value)' is not one of "
                    + Policy.indexedSupportActorTypes.joined(separator: ", "))
        }
        return Set(values)
    }
}
