/// What the router is asked: the facts of one ticket.
public struct RoutingInput: Hashable, Sendable {
    /// The ticket's category.
    public var category: String
    /// Its labels (multi-label).
    public var labels: [String]
    /// The intake channel, if known.
    public var channel: String?
    /// The reporter's region (province code), if known.
    public var region: String?

    /// Creates a routing input.
    public init(category: String, labels: [String] = [], channel: String? = nil, region: String? = nil) {
        self.category = category
        self.labels = labels
        self.channel = channel
        self.region = region
    }
}

/// The router's answer: where the ticket goes and by which rule.
public struct RouteDecision: Hashable, Sendable {
    /// The unit id (internal or `external/...`).
    public var unit: String
    /// What the unit does with the ticket.
    public var disposition: Disposition
    /// The id of the rule that matched.
    public var rule: String
    /// Where that rule is declared.
    public var ruleLocation: SourceLocation
    /// Whether the default rule matched.
    public var isDefault: Bool

    /// The decision `rule` makes when it matches.
    public init(_ rule: RoutingRule) {
        unit = rule.route.value
        disposition = rule.disposition
        self.rule = rule.id.value
        ruleLocation = rule.id.location
        isDefault = rule.isDefault
    }
}

/// Why a rule did or did not match, for `lapor route explain`.
public struct RuleTrial: Hashable, Sendable {
    /// The rule's id.
    public var rule: String
    /// Where it is declared.
    public var location: SourceLocation
    /// Why it did not match; `nil` for the rule that matched.
    public var reason: String?
}

/// A decision together with every rule tried before it.
public struct RouteExplanation: Hashable, Sendable {
    /// The decision.
    public var decision: RouteDecision
    /// Rules tried in order, the last one being the match.
    public var trials: [RuleTrial]
    /// Warnings, e.g. an unknown category.
    public var warnings: [Diagnostic]
}

/// A routing table compiled for fast first-match decisions.
///
/// Rules are indexed by category: a decision looks only at the rules naming the ticket's category
/// and the rules naming none, in declared order, so the cost does not grow with the table. A class,
/// so that holders share one compiled table.
public final class Router: Sendable {
    private struct CompiledRule: Sendable {
        var labels: [String]
        var channels: [String]
        var regions: [String]
        var decision: RouteDecision
    }

    /// The table the router was compiled from.
    public let table: RoutingTable
    private let rules: [CompiledRule]
    private let categoryIndex: NameIndex
    private let candidatesByCategory: [[Int32]]
    private let wildcardCandidates: [Int32]
    private let knownCategories: [String]?

    /// Compiles `table`; `catalog` lets the router warn about categories it does not declare.
    public init(table: RoutingTable, catalog: CategoryCatalog? = nil) {
        self.table = table
        var compiled: [CompiledRule] = []
        var categoryIndex: [String: Int] = [:]
        var byCategory: [[Int32]] = []
        var wildcard: [Int32] = []
        for (index, rule) in table.rules.enumerated() {
            compiled.append(
                CompiledRule(
                    labels: Array(Set(rule.labels.map(\.value))), channels: rule.channels.map(\.value),
                    regions: rule.regions.map(\.value), decision: RouteDecision(rule)))
            if rule.categories.isEmpty {
                // A catch-all rule is a candidate for every category, in its declared position.
                wildcard.append(Int32(index))
                for slot in byCategory.indices { byCategory[slot].append(Int32(index)) }
            } else {
                for category in Set(rule.categories.map(\.value)) {
                    if let slot = categoryIndex[category] {
                        byCategory[slot].append(Int32(index))
                    } else {
                        categoryIndex[category] = byCategory.count
                        byCategory.append(wildcard + [Int32(index)])
                    }
                }
            }
        }
        self.rules = compiled
        self.categoryIndex = NameIndex(categoryIndex.map { (name: $0.key, position: $0.value) })
        self.candidatesByCategory = byCategory
        self.wildcardCandidates = wildcard
        self.knownCategories = catalog.map { $0.categories.map(\.id.value) }
    }

    /// The first matching rule's decision, or a `noRoute` diagnostic.
    ///
    /// One hash lookup (the category) per decision; the few candidate rules compare their labels,
    /// channels and regions as strings, which for short ids is cheaper than hashing them.
    public func route(_ input: RoutingInput) -> Result<RouteDecision, Diagnostic> {
        let candidates = categoryIndex[input.category].map { candidatesByCategory[$0] } ?? wildcardCandidates
        for index in candidates {
            let position = Int(index)
            if matches(position, input) { return .success(rules[position].decision) }
        }
        return .failure(.noRoute(table: table.metadata.name.value, at: table.location))
    }

    /// Whether the rule at `position` matches; its fields are read in place (a rule read whole is a
    /// copy of its lists and decision).
    private func matches(_ position: Int, _ input: RoutingInput) -> Bool {
        for label in rules[position].labels where !input.labels.contains(label) { return false }
        if !rules[position].channels.isEmpty {
            guard let channel = input.channel, rules[position].channels.contains(channel) else { return false }
        }
        if !rules[position].regions.isEmpty {
            guard let region = input.region, rules[position].regions.contains(region) else { return false }
        }
        return true
    }

    /// The decision with every rule tried before it and why each did not match.
    public func explain(_ input: RoutingInput) -> Result<RouteExplanation, Diagnostic> {
        var warnings: [Diagnostic] = []
        if let known = knownCategories, !known.contains(input.category) {
            warnings.append(.unknownCategoryRouted(input.category, table: table.metadata.name.value, known: known))
        }
        var trials: [RuleTrial] = []
        for rule in table.rules {
            let reason = mismatch(rule, input)
            trials.append(RuleTrial(rule: rule.id.value, location: rule.id.location, reason: reason))
            if reason == nil {
                return .success(RouteExplanation(decision: RouteDecision(rule), trials: trials, warnings: warnings))
            }
        }
        return .failure(.noRoute(table: table.metadata.name.value, at: table.location))
    }

    private func mismatch(_ rule: RoutingRule, _ input: RoutingInput) -> String? {
        let categories = rule.categories.map(\.value)
        if !categories.isEmpty && !categories.contains(input.category) {
            return "category '\(input.category)' is not \(list(categories))"
        }
        let missing = rule.labels.map(\.value).filter { !input.labels.contains($0) }
        if !missing.isEmpty {
            return "label\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")) missing"
        }
        let channels = rule.channels.map(\.value)
        if !channels.isEmpty && !channels.contains(input.channel ?? "") {
            return "channel \(input.channel.map { "'\($0)'" } ?? "(none)") is not \(list(channels))"
        }
        let regions = rule.regions.map(\.value)
        if !regions.isEmpty && !regions.contains(input.region ?? "") {
            return "region \(input.region.map { "'\($0)'" } ?? "(none)") is not \(list(regions))"
        }
        return nil
    }

    private func list(_ values: [String]) -> String {
        values.count == 1 ? "'\(values[0])'" : "one of " + values.map { "'\($0)'" }.joined(separator: ", ")
    }
}
