/// A directorate, bureau or external body tickets can be routed to.
public struct Unit: Hashable, Sendable {
    /// The unit's id, e.g. `BINWASNAKER_K3` or `external/KP2MI`.
    public var id: Located<String>
    /// Full name.
    public var name: String
    /// Parent unit id.
    public var parent: Located<String>?
    /// Number of staff handling tickets, where known.
    public var staff: Int?
    /// Whether the unit no longer exists (routes to it are errors).
    public var isRetired: Bool
    /// Remark, e.g. that an assignment is not confirmed.
    public var note: String?
    /// Human description.
    public var description: String?
    /// Where the unit is declared.
    public var location: SourceLocation

    /// Creates a unit.
    public init(
        id: Located<String>, name: String, parent: Located<String>? = nil, staff: Int? = nil,
        isRetired: Bool = false, note: String? = nil, description: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.parent = parent
        self.staff = staff
        self.isRetired = isRetired
        self.note = note
        self.description = description
        self.location = location
    }

    /// Whether the unit is outside the ministry (id starts with `external/`).
    public var isExternal: Bool { id.value.hasPrefix(Unit.externalPrefix) }

    /// The id prefix of bodies outside the ministry.
    public static let externalPrefix = "external/"
}

/// A `kind: Units` document.
public struct UnitCatalog: Hashable, Sendable {
    /// Name and version.
    public var metadata: Metadata
    /// Units in declaration order.
    public var units: [Unit]
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a unit catalog.
    public init(metadata: Metadata, units: [Unit], location: SourceLocation) {
        self.metadata = metadata
        self.units = units
        self.location = location
    }
}

/// A named entry of a catalog list: a label, channel or region.
public struct CatalogEntry: Hashable, Sendable {
    /// The entry's id.
    public var id: Located<String>
    /// Human name.
    public var name: String?
    /// Where the entry is declared.
    public var location: SourceLocation

    /// Creates an entry.
    public init(id: Located<String>, name: String? = nil, location: SourceLocation) {
        self.id = id
        self.name = name
        self.location = location
    }
}

/// A complaint category.
public struct Category: Hashable, Sendable {
    /// The category's id, e.g. `upah`.
    public var id: Located<String>
    /// Human name.
    public var name: String?
    /// Whether Humas answers it from the FAQ.
    public var isFAQ: Bool
    /// Labels usual for this category.
    public var labels: [Located<String>]
    /// Human description.
    public var description: String?
    /// Where the category is declared.
    public var location: SourceLocation

    /// Creates a category.
    public init(
        id: Located<String>, name: String? = nil, isFAQ: Bool = false, labels: [Located<String>] = [],
        description: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.isFAQ = isFAQ
        self.labels = labels
        self.description = description
        self.location = location
    }
}

/// A `kind: Categories` document: the intake vocabulary of a desk.
public struct CategoryCatalog: Hashable, Sendable {
    /// Name and version.
    public var metadata: Metadata
    /// Intake channels.
    public var channels: [CatalogEntry]
    /// Regions (provinces).
    public var regions: [CatalogEntry]
    /// Labels (multi-label tags).
    public var labels: [CatalogEntry]
    /// Categories.
    public var categories: [Category]
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a category catalog.
    public init(
        metadata: Metadata, channels: [CatalogEntry] = [], regions: [CatalogEntry] = [],
        labels: [CatalogEntry] = [], categories: [Category], location: SourceLocation
    ) {
        self.metadata = metadata
        self.channels = channels
        self.regions = regions
        self.labels = labels
        self.categories = categories
        self.location = location
    }
}
