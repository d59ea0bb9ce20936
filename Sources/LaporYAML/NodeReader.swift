import Lapor
import Yams

/// Reads a composed Yams node tree into model values, collecting diagnostics with locations.
///
/// Every accessor returns `nil` (or an empty list) after reporting, so decoding continues and an
/// admin sees every problem of a file at once.
final class NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .file(file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    // MARK: Mappings

    /// A mapping's entries by key, after reporting unknown, non-scalar and missing keys.
    struct Fields {
        let location: SourceLocation
        let what: String
        /// The schema the mapping was read with.
        let schema: ObjectSchema
        fileprivate var values: [String: (key: Node, value: Node)] = [:]

        func node(_ key: String) -> Node? { values[key]?.value }
        func has(_ key: String) -> Bool { values[key] != nil }
        func keyLocation(_ key: String, in reader: NodeReader) -> SourceLocation {
            values[key].map { reader.location(of: $0.key) } ?? location
        }
    }

    /// Reads `node` as a mapping described by `schema`: keys it does not declare are reported, and
    /// so are required keys that are missing or null.
    func fields(_ node: Node, what: String, schema: ObjectSchema) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(.notAMapping(what, found: describe(node), at: location(of: node)))
            return nil
        }
        let allowed = schema.keys
        var fields = Fields(location: location(of: node), what: what, schema: schema)
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                report(.nonScalarKey(at: location(of: key)))
                continue
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                report(.unknownKey(name, in: what, allowed: allowed, at: location(of: key)))
                continue
            }
            fields.values[name] = (key, value)
        }
        for key in schema.requiredKeys where fields.node(key).map(isNull) ?? true {
            report(.missingKey(key, in: what, at: fields.location))
        }
        return fields
    }

    /// The node of a key the schema requires; missing and null values were reported by `fields`.
    func required(_ fields: Fields, _ key: String) -> Node? {
        assert(fields.schema.requiredKeys.contains(key), "'\(key)' is not required in \(fields.schema.name)")
        guard let node = fields.node(key), !isNull(node) else { return nil }
        return node
    }

    // MARK: Scalars

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "nothing (null)" }
            return "'\(scalar.string)'"
        }
    }

    /// A scalar's text.
    func string(_ node: Node, what: String) -> Located<String>? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            report(.wrongType(what, expected: "a string", found: describe(node), at: location(of: node)))
            return nil
        }
        return Located(scalar.string, at: location(of: node))
    }

    /// An identifier: letters, digits and `_` (and `-` in names, `/` after `external`).
    func identifier(_ node: Node, what: String, allowSlash: Bool = false, allowDash: Bool = false)
        -> Located<String>?
    {
        guard let text = string(node, what: what) else { return nil }
        let value = text.value
        let isValid =
            !value.isEmpty && value.count <= 128
            && value.unicodeScalars.allSatisfy { scalar in
                (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                    || scalar == "_" || (allowDash && scalar == "-")
                    || (allowSlash && scalar == "/")
            }
            && !(allowSlash && (value.hasPrefix("/") || value.hasSuffix("/") || value.contains("//")))
        guard isValid else {
            let expected =
                allowSlash
                ? "letters, digits and '_' (external bodies as 'external/NAME')"
                : allowDash ? "lowercase letters, digits, '-' and '_'" : "letters, digits and '_'"
            report(.invalidValue(what, value: value, expected: expected, at: text.location))
            return nil
        }
        return text
    }

    func bool(_ node: Node, what: String) -> Bool? {
        guard case .scalar(let scalar) = node else {
            report(.wrongType(what, expected: "true or false", found: describe(node), at: location(of: node)))
            return nil
        }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            report(.wrongType(what, expected: "true or false", found: describe(node), at: location(of: node)))
            return nil
        }
    }

    func integer(_ node: Node, what: String, range: ClosedRange<Int>) -> Located<Int>? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            if case .scalar(let scalar) = node, !scalar.string.isEmpty,
                scalar.string.drop(while: { $0 == "-" }).allSatisfy({ $0.isASCII && $0.isNumber })
            {
                report(
                    .invalidValue(
                        what, value: scalar.string,
                        expected: "an integer from \(range.lowerBound) to \(range.upperBound)", at: location(of: node)))
                return nil
            }
            report(.wrongType(what, expected: "an integer", found: describe(node), at: location(of: node)))
            return nil
        }
        guard range.contains(value) else {
            report(
                .invalidValue(
                    what, value: scalar.string, expected: "an integer from \(range.lowerBound) to \(range.upperBound)",
                    at: location(of: node)))
            return nil
        }
        return Located(value, at: location(of: node))
    }

    /// A value from a closed set of spellings.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, what: String, as type: T.Type) -> Located<T>?
    where T.RawValue == String {
        guard let text = string(node, what: what) else { return nil }
        guard let value = T(rawValue: text.value) else {
            let options = T.allCases.map(\.rawValue)
            report(
                .invalidValue(
                    what, value: text.value, expected: "one of \(options.joined(separator: ", "))", at: text.location,
                    suggestion: closestMatch(to: text.value, in: options)))
            return nil
        }
        return Located(value, at: text.location)
    }

    func duration(_ node: Node, what: String) -> Located<Duration>? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Duration(parsing: text.value) else {
            report(
                .invalidValue(
                    what, value: text.value,
                    expected: "a duration like '14 working_days' (working_days, working_hours, days, hours)",
                    at: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }

    func date(_ node: Node, what: String) -> Located<LocalDate>? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = LocalDate(parsing: text.value) else {
            report(.invalidValue(what, value: text.value, expected: "a date YYYY-MM-DD", at: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }

    func time(_ node: Node, what: String) -> Located<TimeOfDay>? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = TimeOfDay(parsing: text.value) else {
            report(.invalidValue(what, value: text.value, expected: "a time HH:MM, quoted", at: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }

    func timeRange(_ node: Node, what: String) -> Located<TimeRange>? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = TimeRange(parsing: text.value) else {
            report(.invalidValue(what, value: text.value, expected: "a range HH:MM-HH:MM", at: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }

    func reminderPoint(_ node: Node, what: String) -> Located<ReminderPoint>? {
        guard let text = string(node, what: what) else { return nil }
        if text.value.hasSuffix("%") {
            if let percent = Int(text.value.dropLast()), (1...100).contains(percent) {
                return Located(.percent(percent), at: text.location)
            }
        } else if let duration = Duration(parsing: text.value) {
            return Located(.offset(duration), at: text.location)
        }
        report(
            .invalidValue(
                what, value: text.value, expected: "a percentage of the target (1%–100%) or a duration",
                at: text.location))
        return nil
    }

    /// A finite decimal number in `range` (digits with an optional sign and fraction; no `nan`, `inf` or exponent).
    func number(_ node: Node, what: String, range: ClosedRange<Double>) -> Located<Double>? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Self.decimal(text.value) else {
            report(.wrongType(what, expected: "a number", found: describe(node), at: text.location))
            return nil
        }
        guard range.contains(value) else {
            report(
                .invalidValue(
                    what, value: text.value, expected: "a number from \(range.lowerBound) to \(range.upperBound)",
                    at: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }

    /// A probability written as a percentage (`30%`) or a number from 0 to 1.
    func fraction(_ node: Node, what: String) -> Located<Double>? {
        guard let text = string(node, what: what) else { return nil }
        let value: Double?
        if text.value.hasSuffix("%") {
            value = Self.decimal(String(text.value.dropLast())).map { $0 / 100 }
        } else {
            value = Self.decimal(text.value)
        }
        guard let value, (0...1).contains(value) else {
            report(
                .invalidValue(
                    what, value: text.value, expected: "a percentage from 0% to 100% (or 0 to 1)", at: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }

    /// A duration with a decimal amount, e.g. `1.5 hours`, in seconds, and whether it is working time.
    ///
    /// Units: `minutes`, `hours`, `days`, `working_hours`, `working_days` (singular accepted). A working
    /// day is 7.5 working hours (Perpres 21/2023: 37.5 hours over five days).
    func seconds(_ node: Node, what: String) -> (seconds: Double, isWorkingTime: Bool, location: SourceLocation)? {
        guard let text = string(node, what: what) else { return nil }
        let parts = text.value.split(separator: " ", omittingEmptySubsequences: true)
        let units: [String: (Double, Bool)] = [
            "minutes": (60, false), "hours": (3_600, false), "days": (86_400, false),
            "working_hours": (3_600, true), "working_days": (27_000, true),
        ]
        if parts.count == 2, let amount = Self.decimal(String(parts[0])), amount >= 0, amount <= 1_000_000 {
            let name = units[String(parts[1])] != nil ? String(parts[1]) : String(parts[1]) + "s"
            if let (scale, working) = units[name] { return (amount * scale, working, text.location) }
        }
        report(
            .invalidValue(
                what, value: text.value,
                expected: "a duration like '1.5 hours' (minutes, hours, days, working_hours, working_days)",
                at: text.location))
        return nil
    }

    /// Parses `[-]digits[.digits]`.
    static func decimal(_ text: String) -> Double? {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, pieces.count <= 2, pieces.allSatisfy({ !$0.isEmpty }),
            pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), body.count <= 30
        else { return nil }
        return Double(text)
    }

    // MARK: Lists

    func list(_ node: Node, what: String) -> [Node] {
        if case .sequence(let sequence) = node { return Array(sequence) }
        if isNull(node) { return [] }
        report(.wrongType(what, expected: "a list", found: describe(node), at: location(of: node)))
        return []
    }

    /// A single scalar or a list of scalars, each read by `element`.
    func oneOrMany<T>(_ node: Node, read element: (Node) -> T?) -> [T] {
        if case .sequence(let sequence) = node { return sequence.compactMap(element) }
        return element(node).map { [$0] } ?? []
    }
}
