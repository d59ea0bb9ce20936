import Foundation
import Lapor
import Yams

/// What loading a workspace produced: the model, every diagnostic, and the source texts for printing.
public struct LoadResult: Sendable {
    /// The documents that could be decoded.
    public var workspace: Workspace
    /// Every problem found while reading and decoding (validation is separate).
    public var diagnostics: [Diagnostic]
    /// The text of every file read, for showing source lines under diagnostics.
    public var sources: SourceFiles
}

/// Loads a config tree (or a single file) from disk into a `Workspace`.
///
/// A directory that holds `workflows/`, `routing/` or `plans/` loads those folders; any other directory
/// loads every `*.yaml` and `*.yml` file below it. Hidden entries and `.build*` are skipped.
public struct WorkspaceLoader: Sendable {
    /// Limits against hostile input.
    public var limits: LoadLimits

    /// The folders of a workspace that hold configs.
    public static let configFolders = ["workflows", "routing", "plans", "scenarios"]

    /// Creates a loader.
    public init(limits: LoadLimits = .default) { self.limits = limits }

    /// Loads `path`, a directory or a single file.
    public func load(path: String) -> LoadResult {
        var result = LoadResult(workspace: Workspace(), diagnostics: [], sources: SourceFiles())
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            result.diagnostics.append(.unreadableFile(path, reason: "no such file or directory"))
            return result
        }
        let files: [String]
        if isDirectory.boolValue {
            switch configFiles(in: path) {
            case .success(let found): files = found
            case .failure(let diagnostic):
                result.diagnostics.append(diagnostic)
                return result
            }
            if files.isEmpty {
                result.diagnostics.append(.noConfigFiles(path))
                return result
            }
        } else {
            files = [path]
        }
        for file in files {
            loadFile(file, into: &result)
        }
        return result
    }

    /// Loads `path` and, unless the input could not be read at all, validates the workspace:
    /// every diagnostic of loading and validation, sorted for output.
    public func check(path: String) -> LoadResult {
        var result = load(path: path)
        if !result.diagnostics.contains(where: { $0.code.isInputFailure }) {
            result.diagnostics += Validator().validate(result.workspace)
        }
        result.diagnostics = result.diagnostics.sortedForOutput()
        return result
    }

    /// Decodes YAML text as if it were the file `name`; used by tests and by the loader itself.
    public func load(text: String, name: String) -> LoadResult {
        var result = LoadResult(workspace: Workspace(), diagnostics: [], sources: SourceFiles())
        decode(text, file: name, into: &result)
        return result
    }

    // MARK: Discovery

    private func configFiles(in root: String) -> Result<[String], Diagnostic> {
        let manager = FileManager.default
        let folders = Self.configFolders.filter { folder in
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: join(root, folder), isDirectory: &isDirectory) && isDirectory.boolValue
        }
        var found: [String] = []
        for folder in folders.isEmpty ? [""] : folders {
            let base = folder.isEmpty ? root : join(root, folder)
            guard let enumerator = manager.enumerator(atPath: base) else {
                return .failure(.unreadableFile(base, reason: "cannot list directory"))
            }
            while let relative = enumerator.nextObject() as? String {
                let components = relative.split(separator: "/")
                if components.contains(where: { $0.hasPrefix(".") }) {
                    enumerator.skipDescendants()
                    continue
                }
                guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
                found.append(join(base, relative))
                if found.count > limits.maxFiles {
                    return .failure(
                        .unreadableFile(root, reason: "more than \(limits.maxFiles) config files"))
                }
            }
        }
        return .success(found.sorted())
    }

    private func join(_ base: String, _ relative: String) -> String {
        if base == "." || base.isEmpty { return relative }
        return base.hasSuffix("/") ? base + relative : base + "/" + relative
    }

    // MARK: Reading

    private func loadFile(_ file: String, into result: inout LoadResult) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > limits.maxFileSize {
            result.diagnostics.append(.fileTooLarge(file, size: size, limit: limits.maxFileSize))
            return
        }
        guard let handle = FileHandle(forReadingAtPath: file) else {
            result.diagnostics.append(.unreadableFile(file, reason: "permission denied or not a regular file"))
            return
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit, in case the file grew since it was measured.
        let data: Data
        do {
            data = try handle.read(upToCount: limits.maxFileSize + 1) ?? Data()
        } catch {
            result.diagnostics.append(.unreadableFile(file, reason: "\(error.localizedDescription)"))
            return
        }
        if data.count > limits.maxFileSize {
            result.diagnostics.append(.fileTooLarge(file, size: data.count, limit: limits.maxFileSize))
            return
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            result.diagnostics.append(.invalidEncoding(at: firstInvalidUTF8(data, file: file)))
            return
        }
        decode(text, file: file, into: &result)
    }

    private func decode(_ text: String, file: String, into result: inout LoadResult) {
        // A UTF-8 byte order mark is allowed at the start of a file and is not content.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        result.sources.add(file: file, text: text)
        result.workspace.files.append(file)
        if let problem = StructureScan(file: file, limits: limits).check(text) {
            result.diagnostics.append(problem)
            return
        }
        let reader = NodeReader(file: file)
        let decoder = DocumentDecoder(reader: reader)
        var documents = 0
        do {
            let parser = try Parser(yaml: text)
            while let root = try parser.nextRoot() {
                documents += 1
                switch decoder.decode(root) {
                case .workflow(let value): result.workspace.workflows.append(value)
                case .routingTable(let value): result.workspace.routingTables.append(value)
                case .units(let value): result.workspace.unitCatalogs.append(value)
                case .categories(let value): result.workspace.categoryCatalogs.append(value)
                case .calendar(let value): result.workspace.calendars.append(value)
                case .migrationPlan(let value): result.workspace.migrationPlans.append(value)
                case .scenario(let value): result.workspace.scenarios.append(value)
                case .testSuite(let value): result.workspace.testSuites.append(value)
                case nil: break
                }
            }
        } catch let error as YamlError {
            reader.report(diagnostic(for: error, file: file, text: text))
        } catch {
            reader.report(.yamlSyntax("\(error)", at: .file(file)))
        }
        if documents == 0 && reader.diagnostics.isEmpty {
            reader.report(.emptyDocument(at: SourceLocation(file: file, line: 1, column: 1)))
        }
        result.diagnostics.append(contentsOf: reader.diagnostics)
    }

    private func diagnostic(for error: YamlError, file: String, text: String) -> Diagnostic {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let first = SourceLocation(file: file, line: context.mark.line, column: context.mark.column)
            let second = secondOccurrence(of: key, after: context.mark, in: text, file: file)
            return .duplicateKey(key, at: second ?? first, first: second == nil ? nil : first)
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return .yamlSyntax(problem, at: SourceLocation(file: file, line: mark.line, column: mark.column))
        default:
            return .yamlSyntax("\(error)", at: .file(file))
        }
    }

    /// Finds where a duplicated key appears again: Yams reports only the first occurrence.
    private func secondOccurrence(of key: String, after mark: Mark, in text: String, file: String) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        for index in (mark.line - 1)..<lines.count {
            let line = Array(lines[index].unicodeScalars)
            let startColumn = index == mark.line - 1 ? mark.column : 0
            var column = startColumn
            let keyScalars = Array(key.unicodeScalars)
            while column + keyScalars.count <= line.count {
                if Array(line[column..<(column + keyScalars.count)]) == keyScalars {
                    var after = column + keyScalars.count
                    while after < line.count, line[after] == " " { after += 1 }
                    let before = column == 0 ? " " : line[column - 1]
                    if after < line.count, line[after] == ":", [" ", "{", ",", "-", "\t"].contains(before) {
                        return SourceLocation(file: file, line: index + 1, column: column + 1)
                    }
                }
                column += 1
            }
        }
        return nil
    }

    private func firstInvalidUTF8(_ data: Data, file: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        var index = 0
        let bytes = [UInt8](data)
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return SourceLocation(file: file, line: line, column: index - lineStart + 1)
            }
            let end = index + length
            if end > bytes.count || String(validating: bytes[index..<end], as: UTF8.self) == nil {
                return SourceLocation(file: file, line: line, column: index - lineStart + 1)
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = end
            }
            index = end
        }
        return .file(file)
    }
}
