/// A position in a config file: the file's path as given to the loader, 1-based line and column.
///
/// A location with `line == 0` refers to a whole file or directory.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Path of the file, relative to the workspace root where possible.
    public var file: String
    /// 1-based line number, or 0 for "the whole file".
    public var line: Int
    /// 1-based column number, or 0 for "the whole line".
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location that names a whole file or directory.
    public static func file(_ path: String) -> SourceLocation {
        SourceLocation(file: path, line: 0, column: 0)
    }

    /// `file:line:column`, or just `file` for whole-file locations.
    public var description: String {
        if line == 0 { return file }
        if column == 0 { return "\(file):\(line)" }
        return "\(file):\(line):\(column)"
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A value together with the place in a config file it was read from.
public struct Located<Value: Sendable>: Sendable {
    /// The value itself.
    public var value: Value
    /// Where the value was written.
    public var location: SourceLocation

    /// Wraps `value` read at `location`.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}
