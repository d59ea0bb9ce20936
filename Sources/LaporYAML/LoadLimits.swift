/// Limits that keep hostile or accidental input from exhausting the loader.
public struct LoadLimits: Sendable, Hashable {
    /// Largest file accepted, in bytes (default 8 MiB).
    public var maxFileSize: Int
    /// Most YAML nodes accepted in one file (default 2,000,000).
    public var maxNodes: Int
    /// Deepest nesting of collections accepted (default 64).
    public var maxDepth: Int
    /// Most files a workspace may hold (default 10,000).
    public var maxFiles: Int

    /// Creates limits; the defaults suit every real config and a 20,000-rule routing table.
    public init(
        maxFileSize: Int = 8 * 1024 * 1024, maxNodes: Int = 2_000_000, maxDepth: Int = 64, maxFiles: Int = 10_000
    ) {
        self.maxFileSize = maxFileSize
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
        self.maxFiles = maxFiles
    }

    /// The defaults.
    public static let `default` = LoadLimits()
}
