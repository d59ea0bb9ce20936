/// The texts of the files diagnostics point into, so a printer can show the offending line.
public struct SourceFiles: Sendable {
    private var lines: [String: [Substring]] = [:]

    /// An empty set of sources.
    public init() {}

    /// Records the text of `file`.
    public mutating func add(file: String, text: String) {
        lines[file] = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// Adds the texts of `other` (its files replace files of the same name).
    public mutating func add(_ other: SourceFiles) {
        lines.merge(other.lines) { _, new in new }
    }

    /// Line `number` (1-based) of `file`, if known.
    public func line(_ number: Int, of file: String) -> Substring? {
        guard let all = lines[file], number >= 1, number <= all.count else { return nil }
        return all[number - 1]
    }
}
