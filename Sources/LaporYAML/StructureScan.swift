import CYaml
import Lapor

/// A streaming pass over libyaml's events that enforces `LoadLimits` before anything is composed.
///
/// Yams composes recursively and resolves aliases, so a deeply nested or alias-heavy file could
/// exhaust the stack or the CPU. This pass is iterative and stops at the first violation; only
/// input that passes it reaches `Yams`.
struct StructureScan {
    let file: String
    let limits: LoadLimits

    /// Returns the first limit violation or syntax error, or `nil` if the text is safe to compose.
    func check(_ text: String) -> Diagnostic? {
        let bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .unreadableFile(file, reason: "the YAML parser could not be initialised")
        }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer -> Diagnostic? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            var nodes = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return syntaxError(parser, bytes: buffer)
                }
                defer { yaml_event_delete(&event) }
                let location = SourceLocation(
                    file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    return .aliasRefused(at: location)
                case YAML_SCALAR_EVENT:
                    nodes += 1
                    if event.data.scalar.anchor != nil { return .aliasRefused(at: location) }
                    if let tag = event.data.scalar.tag, !acceptedTag(tag) {
                        return .unsupportedTag(String(cString: tag), at: location)
                    }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    nodes += 1
                    depth += 1
                    let isSequence = event.type == YAML_SEQUENCE_START_EVENT
                    let anchor = isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    let tag = isSequence ? event.data.sequence_start.tag : event.data.mapping_start.tag
                    if anchor != nil { return .aliasRefused(at: location) }
                    if let tag, !acceptedTag(tag) { return .unsupportedTag(String(cString: tag), at: location) }
                    if depth > limits.maxDepth { return .tooDeep(limit: limits.maxDepth, at: location) }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    depth -= 1
                default:
                    break
                }
                if nodes > limits.maxNodes { return .tooManyNodes(limit: limits.maxNodes, at: location) }
            }
        }
    }

    private func acceptedTag(_ tag: UnsafeMutablePointer<yaml_char_t>) -> Bool {
        let name = String(cString: tag)
        let core = ["str", "int", "bool", "float", "null", "map", "seq"]
        return core.contains { name == "tag:yaml.org,2002:\($0)" }
    }

    private func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
        let context = parser.context.map { String(cString: $0) }
        var line = Int(parser.problem_mark.line) + 1
        var column = Int(parser.problem_mark.column) + 1
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset, not a mark.
            let offset = min(Int(parser.problem_offset), bytes.count)
            line = 1
            column = 1
            for byte in bytes[0..<offset] {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
        }
        let location = SourceLocation(file: file, line: line, column: column)
        if problem.contains("nesting level") { return .tooDeep(limit: limits.maxDepth, at: location) }
        var notes: [Diagnostic.Note] = []
        if let context {
            notes.append(
                .init(
                    context,
                    at: SourceLocation(
                        file: file, line: Int(parser.context_mark.line) + 1,
                        column: Int(parser.context_mark.column) + 1)))
        }
        return .yamlSyntax(problem, at: location, notes: notes)
    }
}
