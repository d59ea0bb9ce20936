/// What happens to a ticket a rule routes.
public enum Disposition: String, Sendable, Hashable, Codable, CaseIterable {
    /// The unit handles the ticket.
    case dispose
    /// The unit (Humas) answers from the FAQ itself; no escalation.
    case faq
    /// "Bukan wewenang": not the ministry's authority; the ticket leaves to an external body.
    case forward
}

/// One rule of a routing table: conditions and the unit they route to.
public struct RoutingRule: Hashable, Sendable {
    /// The rule's id.
    public var id: Located<String>
    /// Categories matched (any of); empty means any category.
    public var categories: [Located<String>]
    /// Labels that must all be present.
    public var labels: [Located<String>]
    /// Channels matched (any of); empty means any channel.
    public var channels: [Located<String>]
    /// Regions matched (any of); empty means any region.
    public var regions: [Located<String>]
    /// The unit id routed to (internal or `external/...`).
    public var route: Located<String>
    /// What the unit does with it.
    public var disposition: Disposition
    /// Whether this is the table's default rule.
    public var isDefault: Bool
    /// Human description.
    public var description: String?
    /// Where the rule is declared.
    public var location: SourceLocation

    /// Creates a rule.
    public init(
        id: Located<String>, categories: [Located<String>] = [], labels: [Located<String>] = [],
        channels: [Located<String>] = [], regions: [Located<String>] = [], route: Located<String>,
        disposition: Disposition = .dispose, isDefault: Bool = false, description: String? = nil,
        location: SourceLocation
    ) {
        self.id = id
        self.categories = categories
        self.labels = labels
        self.channels = channels
        self.regions = regions
        self.route = route
        self.disposition = disposition
        self.isDefault = isDefault
        self.description = description
        self.location = location
    }

    /// Whether the rule has no conditions at all.
    public var isUnconditional: Bool {
        categories.isEmpty && labels.isEmpty && channels.isEmpty && regions.isEmpty
    }
}

/// A `kind: RoutingTable` document: ordered, first-match rules from category to unit.
public struct RoutingTable: Hashable, Sendable {
    /// Name and version.
    public var metadata: Metadata
    /// Name of the unit catalog routes refer to.
    public var units: Located<String>
    /// Name of the category catalog conditions refer to.
    public var categories: Located<String>
    /// Rules in match order.
    public var rules: [RoutingRule]
    /// Where the document starts.
    public var location: SourceLocation

    /// Creates a routing table.
    public init(
        metadata: Metadata, units: Located<String>, categories: Located<String>, rules: [RoutingRule],
        location: SourceLocation
    ) {
        self.metadata = metadata
        self.units = units
        self.categories = categories
        self.rules = rules
        self.location = location
    }
}
