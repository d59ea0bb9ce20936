/// Every document of a config tree, loaded as a whole.
public struct Workspace: Hashable, Sendable {
    /// Workflows.
    public var workflows: [Workflow]
    /// Routing tables.
    public var routingTables: [RoutingTable]
    /// Unit catalogs.
    public var unitCatalogs: [UnitCatalog]
    /// Category catalogs.
    public var categoryCatalogs: [CategoryCatalog]
    /// Calendar years (several years of the same name form one calendar).
    public var calendars: [CalendarYear]
    /// Migration plans between workflow definitions.
    public var migrationPlans: [MigrationPlan]
    /// Simulation scenarios.
    public var scenarios: [Scenario]
    /// Test suites (`lapor test`).
    public var testSuites: [TestSuite] = []
    /// The files the documents came from, relative to the workspace root, in load order.
    public var files: [String]

    /// Creates a workspace.
    public init(
        workflows: [Workflow] = [], routingTables: [RoutingTable] = [], unitCatalogs: [UnitCatalog] = [],
        categoryCatalogs: [CategoryCatalog] = [], calendars: [CalendarYear] = [], migrationPlans: [MigrationPlan] = [],
        scenarios: [Scenario] = [], files: [String] = []
    ) {
        self.workflows = workflows
        self.routingTables = routingTables
        self.unitCatalogs = unitCatalogs
        self.categoryCatalogs = categoryCatalogs
        self.calendars = calendars
        self.migrationPlans = migrationPlans
        self.scenarios = scenarios
        self.files = files
    }

    /// The workflow named `name`.
    public func workflow(named name: String) -> Workflow? { workflows.first { $0.metadata.name.value == name } }
    /// The routing table named `name`.
    public func routingTable(named name: String) -> RoutingTable? {
        routingTables.first { $0.metadata.name.value == name }
    }
    /// The unit catalog named `name`.
    public func unitCatalog(named name: String) -> UnitCatalog? {
        unitCatalogs.first { $0.metadata.name.value == name }
    }
    /// The category catalog named `name`.
    public func categoryCatalog(named name: String) -> CategoryCatalog? {
        categoryCatalogs.first { $0.metadata.name.value == name }
    }
    /// The migration plan named `name`.
    public func migrationPlan(named name: String) -> MigrationPlan? {
        migrationPlans.first { $0.metadata.name.value == name }
    }
    /// The scenario named `name`.
    public func scenario(named name: String) -> Scenario? { scenarios.first { $0.metadata.name.value == name } }
    /// The test suite named `name`.
    public func testSuite(named name: String) -> TestSuite? { testSuites.first { $0.metadata.name.value == name } }
    /// Every year of the calendar named `name`, ascending.
    public func calendarYears(named name: String) -> [CalendarYear] {
        calendars.filter { $0.metadata.name.value == name }.sorted { $0.year.value < $1.year.value }
    }
}

extension Workspace {
    /// The workspace with `table` in place of the routing table named `name` (added if there is none),
    /// renamed to `name` so that the workflows routed by `name` use it. For what-ifs of a routing change:
    /// the workspace's own test suites, which pin the current table's rules, are left out.
    public func replacingRoutingTable(named name: String, with table: RoutingTable) -> Workspace {
        var workspace = self
        var renamed = table
        renamed.metadata.name = Located(name, at: table.metadata.name.location)
        if let index = workspace.routingTables.firstIndex(where: { $0.metadata.name.value == name }) {
            workspace.routingTables[index] = renamed
        } else {
            workspace.routingTables.append(renamed)
        }
        workspace.testSuites = []
        return workspace
    }

    /// The workflows routed by the table named `name`.
    public func workflows(routedBy name: String) -> [Workflow] {
        workflows.filter { $0.routing?.value == name }
    }
}
