/// The kinds of config documents Lapor reads.
public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    case workflow = "Workflow"
    case routingTable = "RoutingTable"
    case units = "Units"
    case categories = "Categories"
    case calendar = "Calendar"
    case migrationPlan = "MigrationPlan"
    case scenario = "Scenario"
    case testSuite = "TestSuite"
}

/// The `metadata` block every document carries.
public struct Metadata: Hashable, Sendable {
    /// The document's name; references between documents use it.
    public var name: Located<String>
    /// Free-form version label, e.g. `"2025.11"`.
    public var version: String?
    /// Human description.
    public var description: String?

    /// Creates metadata.
    public init(name: Located<String>, version: String? = nil, description: String? = nil) {
        self.name = name
        self.version = version
        self.description = description
    }
}
