/// Writes `ConfigSchema` as JSON Schema (draft-07), the dialect editors such as yaml-language-server
/// and tools such as check-jsonschema read.
public enum JSONSchemaWriter {
    /// The JSON Schema dialect written.
    public static let dialect = "http://json-schema.org/draft-07/schema#"

    /// The file name `lapor schema --all` writes the schema of `kind` to, e.g. `workflow.json`.
    public static func fileName(_ kind: DocumentKind) -> String {
        var name = ""
        for (index, character) in kind.rawValue.enumerated() {
            if character.isUppercase && index > 0 { name += "-" }
            name += character.lowercased()
        }
        return name + ".json"
    }

    /// The file name of the schema that accepts a document of any kind.
    public static let combinedFileName = "lapor.json"

    /// The schema of documents of `kind`.
    public static func schema(_ kind: DocumentKind) -> String {
        let root = ConfigSchema.document(kind)
        var definitions: [(String, JSONValue)] = []
        var seen: Set<String> = [root.name]
        var members: [(String, JSONValue)] = [
            ("$schema", .string(dialect)), ("title", .string("Lapor \(kind.rawValue)")),
        ]
        members += objectMembers(root, definitions: &definitions, seen: &seen)
        if !definitions.isEmpty { members.append(("definitions", .object(definitions))) }
        return JSONValue.object(members).rendered() + "\n"
    }

    /// A schema that accepts a document of any kind, chosen by its `kind`; for editors that map one
    /// schema to every config file.
    public static func combinedSchema() -> String {
        var definitions: [(String, JSONValue)] = []
        var seen: Set<String> = []
        var branches: [JSONValue] = []
        for kind in DocumentKind.allCases {
            let reference = reference(to: ConfigSchema.document(kind), definitions: &definitions, seen: &seen)
            branches.append(
                .object([
                    (
                        "if",
                        .object([
                            ("properties", .object([("kind", .object([("const", .string(kind.rawValue))]))])),
                            ("required", .array([.string("kind")])),
                        ])
                    ),
                    ("then", reference),
                ]))
        }
        let kinds = DocumentKind.allCases.map { JSONValue.string($0.rawValue) }
        return JSONValue.object([
            ("$schema", .string(dialect)),
            ("title", .string("Lapor config document")),
            ("description", .string("A Lapor config document of any kind (apiVersion lapor/v1), chosen by its kind.")),
            ("type", .string("object")),
            ("required", .array(["apiVersion", "kind", "metadata"].map(JSONValue.string))),
            (
                "properties",
                .object([
                    ("apiVersion", .object([("const", .string("lapor/v1"))])),
                    ("kind", .object([("enum", .array(kinds))])),
                ])
            ),
            ("allOf", .array(branches)),
            ("definitions", .object(definitions)),
        ]).rendered() + "\n"
    }

    // MARK: Building

    private static func objectMembers(
        _ object: ObjectSchema, definitions: inout [(String, JSONValue)], seen: inout Set<String>
    ) -> [(String, JSONValue)] {
        var properties: [(String, JSONValue)] = []
        for property in object.properties {
            var value = members(
                of: property.type, required: property.isRequired, definitions: &definitions, seen: &seen)
            value.insert(("description", .string(property.description)), at: 0)
            properties.append((property.name, .object(value)))
        }
        var members: [(String, JSONValue)] = [
            ("description", .string(object.description)), ("type", .string("object")),
        ]
        if !object.requiredKeys.isEmpty {
            members.append(("required", .array(object.requiredKeys.map(JSONValue.string))))
        }
        if object.isChoice { members += [("minProperties", .int(1)), ("maxProperties", .int(1))] }
        members.append(("properties", .object(properties)))
        members.append(("additionalProperties", .bool(false)))
        return members
    }

    private static func reference(
        to object: ObjectSchema, definitions: inout [(String, JSONValue)], seen: inout Set<String>
    ) -> JSONValue {
        if !seen.contains(object.name) {
            seen.insert(object.name)
            let index = definitions.count
            definitions.append((object.name, .null))
            definitions[index].1 = .object(objectMembers(object, definitions: &definitions, seen: &seen))
        }
        return .object([("$ref", .string("#/definitions/\(object.name)"))])
    }

    private static func members(
        of type: SchemaType, required: Bool, definitions: inout [(String, JSONValue)], seen: inout Set<String>
    ) -> [(String, JSONValue)] {
        switch type {
        case .text:
            return [("type", .array(["string", "number", "boolean"].map(JSONValue.string)))]
        case .identifier(let syntax):
            return [
                ("type", .array([.string("string"), .string("integer")])),
                ("pattern", .string(pattern(syntax))), ("maxLength", .int(128)),
            ]
        case .boolean:
            return [("type", .string("boolean"))]
        case .integer(let range):
            return [
                ("type", .string("integer")), ("minimum", .int(range.lowerBound)), ("maximum", .int(range.upperBound)),
            ]
        case .choice(let words):
            return [("enum", .array(words.map(JSONValue.string)))]
        case .constant(let text):
            return [("const", .string(text))]
        case .duration:
            return [("type", .string("string")), ("pattern", .string("^\(durationPattern)$"))]
        case .date:
            return [("type", .string("string")), ("pattern", .string("^\(datePattern)$"))]
        case .time:
            return [("type", .string("string")), ("pattern", .string("^\(timePattern)$"))]
        case .timeRange:
            return [("type", .string("string")), ("pattern", .string("^\(timePattern)-\(timePattern)$"))]
        case .reminderPoint:
            return [
                ("type", .string("string")), ("pattern", .string("^(([1-9][0-9]?|100)%|\(durationPattern))$")),
            ]
        case .instant:
            return [
                ("type", .string("string")),
                ("pattern", .string("^\(datePattern)T\(timePattern)(:[0-5][0-9])?(Z|[+-][0-9]{2}:?[0-9]{2})$")),
            ]
        case .number(let range):
            return [
                ("type", .string("number")), ("minimum", .double(range.lowerBound)),
                ("maximum", .double(range.upperBound)),
            ]
        case .fraction:
            return [
                (
                    "anyOf",
                    .array([
                        .object([("type", .string("number")), ("minimum", .int(0)), ("maximum", .int(1))]),
                        .object([("type", .string("string")), ("pattern", .string("^[0-9]+(\\.[0-9]+)?%$"))]),
                    ])
                )
            ]
        case .decimalDuration:
            return [
                ("type", .string("string")),
                (
                    "pattern",
                    .string("^[0-9]+(\\.[0-9]+)? +(minutes?|hours?|days?|working_hours?|working_days?)$")
                ),
            ]
        case .map(let key, let value):
            let values = JSONValue.object(members(of: value, required: true, definitions: &definitions, seen: &seen))
            return [
                ("type", .string("object")), ("propertyNames", .object([("pattern", .string(pattern(key)))])),
                ("additionalProperties", values),
            ]
        case .anyOf(let types):
            return [
                (
                    "anyOf",
                    .array(
                        types.map {
                            .object(members(of: $0, required: true, definitions: &definitions, seen: &seen))
                        })
                )
            ]
        case .list(let element):
            let items = JSONValue.object(members(of: element, required: true, definitions: &definitions, seen: &seen))
            let type: JSONValue = required ? .string("array") : .array([.string("array"), .string("null")])
            return [("type", type), ("items", items)]
        case .oneOrMany(let element):
            let one = JSONValue.object(members(of: element, required: true, definitions: &definitions, seen: &seen))
            return [
                ("anyOf", .array([one, .object([("type", .string("array")), ("items", one)])]))
            ]
        case .object(let object):
            guard case .object(let members) = reference(to: object, definitions: &definitions, seen: &seen) else {
                return []
            }
            return members
        }
    }

    private static func pattern(_ syntax: IdentifierSyntax) -> String {
        switch syntax {
        case .plain: "^[A-Za-z0-9_]+$"
        case .name: "^[A-Za-z0-9_-]+$"
        case .unit: "^[A-Za-z0-9_]+(/[A-Za-z0-9_]+)*$"
        }
    }

    private static let durationPattern =
        "\\+?0*(100000|[0-9]{1,5}) +(working_days?|working_hours?|days?|hours?)"
    private static let datePattern = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    private static let timePattern = "([01][0-9]|2[0-4]):[0-5][0-9]"
}

/// A JSON value whose objects keep their key order, for stable, readable generated files.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Pretty-printed with two-space indentation.
    func rendered(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .double(let value):
            return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): return Self.quoted(value)
        case .array(let values):
            if values.isEmpty { return "[]" }
            if values.allSatisfy(\.isScalar) {
                return "[" + values.map { $0.rendered() }.joined(separator: ", ") + "]"
            }
            return "[\n" + values.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n"
                + members.map { inner + Self.quoted($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(
                    separator: ",\n") + "\n\(indent)}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
