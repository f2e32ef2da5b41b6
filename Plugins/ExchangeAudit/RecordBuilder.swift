/// Turns the reader's node stream inside one record element into an ``AuditRecord``.
/// Depths are relative to the record element (its children are at 1).
protocol RecordBuilder: AnyObject {
    func element(name: String, relativeDepth: Int, attributes: [AuditField], isEmpty: Bool)
    func endElement(relativeDepth: Int)
    func text(_ text: String)
    func finish() -> AuditRecord
}

/// Builds records of the SearchResult.xml shapes: the record's attributes are its fields;
/// a child holding elements with attributes is a list (`<SourceItems><SourceItem ItemId=../>`,
/// `<CmdletParameters><Parameter Name Value/>`); a child holding only text is a field.
final class SearchResultRecordBuilder: RecordBuilder {
    private var record: AuditRecord
    private var containerName = ""
    private var containerAttributes: [AuditField] = []
    private var containerText = ""
    private var containerHadEntries = false
    private var entry: [AuditField] = []
    private var leafName = ""
    private var leafText = ""
    private var openDepth = 0

    init(name: String, attributes: [AuditField]) {
        record = AuditRecord(elementName: name, fields: attributes)
    }

    func element(name: String, relativeDepth: Int, attributes: [AuditField], isEmpty: Bool) {
        openDepth = relativeDepth
        switch relativeDepth {
        case 1:
            containerName = name
            containerAttributes = attributes
            containerText = ""
            containerHadEntries = false
        case 2:
            entry = attributes
            containerHadEntries = true
        case 3:
            leafName = name
            leafText = ""
        default:
            break
        }
        if isEmpty { endElement(relativeDepth: relativeDepth) }
    }

    func endElement(relativeDepth: Int) {
        openDepth = relativeDepth - 1
        switch relativeDepth {
        case 1:
            if containerHadEntries { return }
            if !containerAttributes.isEmpty {
                record.append(list: containerName, entry: containerAttributes)
            } else {
                record.fields.append(AuditField(name: containerName, value: containerText))
            }
        case 2:
            record.append(list: containerName, entry: entry)
        case 3:
            entry.append(AuditField(name: leafName, value: leafText))
        default:
            break
        }
    }

    func text(_ text: String) {
        if openDepth == 1 && !containerHadEntries { containerText += text } else if openDepth == 3 { leafText += text }
    }

    func finish() -> AuditRecord { record }
}

/// CLIXML type-name lists by `RefId`, shared across records (`<TNRef RefId="0"/>` points back).
final class CLIXMLTypeNames {
    private var byRefID: [String: [String]] = [:]

    func register(_ refID: String, _ names: [String]) {
        if byRefID.count < 10_000 { byRefID[refID] = names }
    }

    func lookup(_ refID: String) -> [String] { byRefID[refID] ?? [] }
}

/// Builds records from PowerShell CLIXML (`Export-Clixml`): one top-level `<Obj>` per record.
/// Typed primitives under `<Props>`/`<MS>` (`<S N="Operation">`, `<DT N="LastAccessed">`, ...)
/// become fields; a nested `<Obj N="X">` holding a list (`<LST>`, `<IE>`, `<DCT>`...) becomes
/// list X (each item's properties one entry); a nested object without a list becomes field X
/// with its `<ToString>`. `<Nil>` is an absent value.
final class CLIXMLRecordBuilder: RecordBuilder {
    private struct Frame {
        var name: String
        var n: String?
        var refID: String?
        var text = ""
    }

    private var record: AuditRecord
    private let typeNames: CLIXMLTypeNames
    private var stack: [Frame]
    private var pendingTypeNames: [String] = []
    private var nestedHadList = false
    private var nestedToString: String?
    private var entry: [AuditField] = []

    static let listElements: Set<String> = ["LST", "IE", "STK", "QUE", "DCT"]

    init(name: String, attributes: [AuditField], typeNames: CLIXMLTypeNames) {
        record = AuditRecord(elementName: name)
        self.typeNames = typeNames
        stack = [Frame(name: name, n: nil, refID: attributes.value("RefId"))]
    }

    func element(name: String, relativeDepth: Int, attributes: [AuditField], isEmpty: Bool) {
        stack.append(Frame(name: name, n: attributes.value("N"), refID: attributes.value("RefId")))
        if relativeDepth == 3, Self.listElements.contains(name), isUnderProperties { nestedHadList = true }
        if isEmpty { endElement(relativeDepth: relativeDepth) }
    }

    private var isUnderProperties: Bool {
        stack.count > 1 && (stack[1].name == "Props" || stack[1].name == "MS")
    }

    func endElement(relativeDepth: Int) {
        guard stack.count > 1 else { return }
        let frame = stack.removeLast()
        let r = stack.count // the frame's depth relative to the record
        switch r {
        case 1:
            switch frame.name {
            case "ToString": record.fields.append(AuditField(name: "ToString", value: CLIXMLString.decode(frame.text)))
            case "TN":
                record.typeNames = pendingTypeNames
                if let ref = frame.refID { typeNames.register(ref, pendingTypeNames) }
                pendingTypeNames = []
            case "TNRef": if let ref = frame.refID { record.typeNames = typeNames.lookup(ref) }
            default: break
            }
        case 2:
            if stack[1].name == "TN" && frame.name == "T" {
                pendingTypeNames.append(frame.text)
            } else if isUnderProperties, let n = frame.n {
                switch frame.name {
                case "Nil", "Ref", "TN", "TNRef": break
                case "Obj":
                    if !nestedHadList, let text = nestedToString { record.fields.append(AuditField(name: n, value: text)) }
                    nestedHadList = false
                    nestedToString = nil
                default:
                    record.fields.append(AuditField(name: n, value: CLIXMLString.decode(frame.text)))
                }
            }
        case 3:
            if isUnderProperties && stack[2].name == "Obj" && frame.name == "ToString" {
                nestedToString = CLIXMLString.decode(frame.text)
            }
        case 4:
            guard isUnderProperties, stack[2].name == "Obj", Self.listElements.contains(stack[3].name),
                let listName = stack[2].n
            else { break }
            switch frame.name {
            case "Obj", "En":
                record.append(list: listName, entry: entry)
                entry = []
            case "Nil", "Ref", "TN", "TNRef":
                break
            default:
                record.append(list: listName, entry: [AuditField(name: "Value", value: CLIXMLString.decode(frame.text))])
            }
        case 5:
            if stack[4].name == "Obj" && frame.name == "ToString" {
                entry.append(AuditField(name: "ToString", value: CLIXMLString.decode(frame.text)))
            } else if stack[4].name == "En", let n = frame.n, frame.name != "Nil" {
                entry.append(AuditField(name: n, value: CLIXMLString.decode(frame.text)))
            }
        case 6:
            if stack[4].name == "Obj", stack[5].name == "Props" || stack[5].name == "MS", let n = frame.n,
                !["Nil", "Ref", "Obj", "TN", "TNRef"].contains(frame.name)
            {
                entry.append(AuditField(name: n, value: CLIXMLString.decode(frame.text)))
            }
        default:
            break
        }
    }

    func text(_ text: String) {
        if stack.count > 1 && stack[stack.count - 1].text.utf8.count < 1 << 20 { stack[stack.count - 1].text += text }
    }

    func finish() -> AuditRecord { record }
}

/// PowerShell's serialization escapes characters XML cannot carry as `_xHHHH_` (UTF-16 code
/// units; `_x005F_` is an underscore).
enum CLIXMLString {
    static func decode(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var units: [UInt16] = []
        let source = Array(text.utf16)
        var i = 0
        while i < source.count {
            if i + 6 < source.count, source[i] == 0x5F, source[i + 1] == 0x78, source[i + 6] == 0x5F,
                source[(i + 2)..<(i + 6)].allSatisfy(isHexDigit),
                let value = UInt16(String(decoding: source[(i + 2)..<(i + 6)], as: UTF16.self), radix: 16)
            {
                units.append(value)
                i += 7
            } else {
                units.append(source[i])
                i += 1
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    private static func isHexDigit(_ unit: UInt16) -> Bool {
        (0x30...0x39).contains(unit) || (0x41...0x46).contains(unit) || (0x61...0x66).contains(unit)
    }
}
