/// The conditions of a routing rule as sets, for matching and for comparing rules.
public struct RuleConditions: Hashable, Sendable {
    /// Categories matched (any of); empty matches any.
    public var categories: Set<String>
    /// Labels that must all be present.
    public var labels: Set<String>
    /// Channels matched (any of); empty matches any.
    public var channels: Set<String>
    /// Regions matched (any of); empty matches any.
    public var regions: Set<String>

    /// The conditions of `rule`.
    public init(_ rule: RoutingRule) {
        categories = Set(rule.categories.map(\.value))
        labels = Set(rule.labels.map(\.value))
        channels = Set(rule.channels.map(\.value))
        regions = Set(rule.regions.map(\.value))
    }

    /// Whether every ticket matched by `other` is matched by `self`.
    public func covers(_ other: RuleConditions) -> Bool {
        Self.anyOf(categories, covers: other.categories) && labels.isSubset(of: other.labels)
            && Self.anyOf(channels, covers: other.channels) && Self.anyOf(regions, covers: other.regions)
    }

    /// For an "any of" condition, where empty means "anything".
    private static func anyOf(_ mine: Set<String>, covers theirs: Set<String>) -> Bool {
        if mine.isEmpty { return true }
        if theirs.isEmpty { return false }
        return theirs.isSubset(of: mine)
    }
}
