/// Where a routing decision sends a ticket: the unit and what it does with the ticket.
public struct RouteDestination: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The unit id (internal or `external/...`).
    public var unit: String
    /// Whether the unit handles it, answers from the FAQ or forwards it (bukan wewenang).
    public var disposition: Disposition

    /// A destination.
    public init(unit: String, disposition: Disposition) {
        self.unit = unit
        self.disposition = disposition
    }

    /// Where `decision` sends the ticket.
    public init(_ decision: RouteDecision) {
        self.init(unit: decision.unit, disposition: decision.disposition)
    }

    /// `PHI_JSK`, `SETJEN_HUMAS (faq)`, `external/KP2MI (forward)`.
    public var description: String {
        disposition == .dispose ? unit : "\(unit) (\(disposition.rawValue))"
    }

    public static func < (lhs: RouteDestination, rhs: RouteDestination) -> Bool {
        (lhs.unit, lhs.disposition.rawValue) < (rhs.unit, rhs.disposition.rawValue)
    }
}

/// What two routing tables do differently: the rules added, removed, changed or moved, and every class
/// of tickets whose destination changes.
///
/// The input space is enumerated exactly. For each category that either table's catalog declares or
/// either table's rules name (plus "any other category"), the rules that can match it (its own and the
/// catch-all ones, of both tables) condition on a few labels, channels and regions. Every combination of
/// those labels (present or absent), each named channel or none of them, and each named region or none
/// of them is one input class: all tickets of a class take the same rule in each table. Each class is
/// routed with both tables; the classes whose destination changes are grouped by category and by the
/// pair of rules, and their label, channel and region conditions merged into a short description
/// ("labels thr and upah_minimum", "region 31 or 32, without phk").
public struct RoutingDiff: Sendable {
    /// A condition on one value (channel or region) of an input class.
    public enum ValueCondition: Hashable, Sendable {
        /// Any value, or none.
        case any
        /// One of these values.
        case oneOf([String])
        /// None of these values (another value, or none at all).
        case noneOf([String])
    }

    /// A set of tickets of one category, described by conditions on labels, channel and region.
    public struct Inputs: Hashable, Sendable, CustomStringConvertible {
        /// Labels the tickets carry.
        public var labels: [String]
        /// Labels the tickets do not carry.
        public var withoutLabels: [String]
        /// The tickets' channel.
        public var channel: ValueCondition
        /// The tickets' region.
        public var region: ValueCondition

        /// Whether the set is every ticket of the category.
        public var isEverything: Bool {
            labels.isEmpty && withoutLabels.isEmpty && channel == .any && region == .any
        }

        /// `tickets with labels thr and upah_minimum, without label phk, via channel web, from a region other
        /// than 31, 32`, or `all tickets`.
        public var description: String {
            var parts: [String] = []
            func labelList(_ names: [String], _ joiner: String) -> String {
                (names.count == 1 ? "label " : "labels ") + RoutingDiff.list(names, joiner)
            }
            if !labels.isEmpty { parts.append("with " + labelList(labels, "and")) }
            if !withoutLabels.isEmpty { parts.append("without " + labelList(withoutLabels, "or")) }
            func describe(_ name: String, _ preposition: String, _ condition: ValueCondition) {
                switch condition {
                case .any: break
                case .oneOf(let values): parts.append("\(preposition) \(name) " + RoutingDiff.list(values, "or"))
                case .noneOf(let values):
                    parts.append("\(preposition) a \(name) other than " + RoutingDiff.list(values, "or") + " (or none)")
                }
            }
            describe("channel", "via", channel)
            describe("region", "from", region)
            return parts.isEmpty ? "all tickets" : "tickets " + parts.joined(separator: ", ")
        }
    }

    /// Tickets of one category that one table routes by one rule and the other by another, to a different
    /// destination.
    public struct Change: Hashable, Sendable {
        /// The category; `nil` for categories that neither table nor catalog names.
        public var category: String?
        /// The old table's decision; `nil` when no rule routes them (the table has no default rule).
        public var old: RouteDecision?
        /// The new table's decision; `nil` when no rule routes them.
        public var new: RouteDecision?
        /// The tickets, as merged conditions (a ticket matching any of them).
        public var inputs: [Inputs]
        /// Input classes the change covers.
        public var classes: Int

        /// The old destination (`nil`: no route).
        public var from: RouteDestination? { old.map(RouteDestination.init) }
        /// The new destination (`nil`: no route).
        public var to: RouteDestination? { new.map(RouteDestination.init) }
        /// Whether every ticket of the category changes this way.
        public var wholeCategory: Bool { inputs.count == 1 && inputs[0].isEverything }
        /// The category as shown: its id, or `(any other category)`.
        public var categoryName: String { category ?? RoutingDiff.otherCategoryName }
    }

    /// A difference between the rules of the two tables, matched by rule id.
    public struct RuleChange: Hashable, Sendable {
        /// What kind of difference.
        public enum Kind: String, Sendable, Hashable {
            /// Only the new table has the rule.
            case added
            /// Only the old table has the rule.
            case removed
            /// Both have it with different conditions, route, disposition or default flag.
            case changed
            /// Both have it, in a different order relative to the other common rules.
            case moved
        }

        /// What kind of difference.
        public var kind: Kind
        /// The rule's id.
        public var rule: String
        /// Where the old table declares it.
        public var oldLocation: SourceLocation?
        /// Where the new table declares it.
        public var newLocation: SourceLocation?
        /// What differs, e.g. `route BINWASNAKER_K3 → PHI_JSK` or `#4 → #1`.
        public var detail: String
    }

    /// A category whose input space was too large to enumerate (too many labels conditioned on).
    public struct Skipped: Hashable, Sendable {
        /// The category.
        public var category: String
        /// Input classes it would have.
        public var classes: Int
    }

    /// Name shown for categories outside every catalog and rule.
    public static let otherCategoryName = "(any other category)"
    /// The largest number of input classes enumerated for one category.
    public static let maxClassesPerCategory = 1 << 16

    /// The old table.
    public let old: RoutingTable
    /// The new table.
    public let new: RoutingTable
    /// Categories examined, sorted (the catch-all class of other categories not included).
    public let categories: [String]
    /// Input classes routed with both tables.
    public let classes: Int
    /// Classes whose destination changes, by category (sorted, other categories last), then destinations.
    public let changes: [Change]
    /// Classes whose destination stays but that take a different rule.
    public let sameDestinationOtherRule: Int
    /// Rule differences: removed, added, changed, moved, each in table order.
    public let rules: [RuleChange]
    /// Categories not enumerated because of their size.
    public let skipped: [Skipped]

    /// Compares `old` with `new`; `catalogs` are the category catalogs whose categories are examined
    /// besides those the rules name (pass the catalogs both tables refer to).
    public init(old: RoutingTable, new: RoutingTable, catalogs: [CategoryCatalog] = []) {
        self.old = old
        self.new = new
        var known = Set(catalogs.flatMap { $0.categories.map(\.id.value) })
        for rule in old.rules + new.rules { known.formUnion(rule.categories.map(\.value)) }
        categories = known.sorted()
        rules = Self.ruleChanges(old: old, new: new)
        let oldRouter = Router(table: old)
        let newRouter = Router(table: new)
        var rulesByCategory: [String: [RoutingRule]] = [:]
        var wildcard: [RoutingRule] = []
        for rule in old.rules + new.rules {
            if rule.categories.isEmpty {
                wildcard.append(rule)
            } else {
                for category in Set(rule.categories.map(\.value)) {
                    rulesByCategory[category, default: []].append(rule)
                }
            }
        }
        let oldCandidates = Candidates(old)
        let newCandidates = Candidates(new)
        var changes: [Change] = []
        var classes = 0
        var sameDestination = 0
        var skipped: [Skipped] = []
        // `nil` stands for every category no rule and no catalog names: only catch-all rules reach it.
        for category in categories.map(Optional.some) + [nil] {
            let relevant = (category.flatMap { rulesByCategory[$0] } ?? []) + wildcard
            let space = InputSpace(relevant)
            // Both tables route every ticket of the category alike when their candidate rules agree up to a
            // rule that takes the whole category (or to the end): nothing to route.
            if Self.routeAlike(oldCandidates.keys(category), newCandidates.keys(category)) {
                classes += space.size ?? 0
                continue
            }
            guard let size = space.size, size <= Self.maxClassesPerCategory else {
                skipped.append(Skipped(category: category ?? Self.otherCategoryName, classes: space.size ?? Int.max))
                continue
            }
            classes += size
            let routed = Self.route(category, in: space, old: oldRouter, new: newRouter)
            sameDestination += routed.sameDestination
            changes += routed.changes
        }
        self.classes = classes
        self.changes = changes
        self.sameDestinationOtherRule = sameDestination
        self.skipped = skipped
    }

    /// Categories with at least one change, in output order.
    public var changedCategories: [String] {
        var seen: [String] = []
        for change in changes where seen.last != change.categoryName { seen.append(change.categoryName) }
        return seen
    }

    // MARK: Enumeration

    /// Whether two lists of candidate rules of one category route every ticket alike: they are equal, or
    /// equal up to and including a rule without label, channel or region conditions (it takes every ticket
    /// of the category that the rules before it leave).
    static func routeAlike(_ old: [RuleKey], _ new: [RuleKey]) -> Bool {
        for (a, b) in zip(old, new) {
            guard a == b else { return false }
            let conditions = a.conditions
            if conditions.labels.isEmpty && conditions.channels.isEmpty && conditions.regions.isEmpty { return true }
        }
        return old.count == new.count
    }

    /// What decides a rule's matches and destination, without its source location.
    struct RuleKey: Hashable {
        var id: String
        var conditions: RuleConditions
        var route: String
        var disposition: Disposition

        init(_ rule: RoutingRule) {
            id = rule.id.value
            conditions = RuleConditions(rule)
            route = rule.route.value
            disposition = rule.disposition
        }
    }

    /// The rules of one table that can match each category, in table order.
    struct Candidates {
        let keys: [RuleKey]
        let byCategory: [String: [Int]]
        let wildcard: [Int]

        init(_ table: RoutingTable) {
            keys = table.rules.map(RuleKey.init)
            var byCategory: [String: [Int]] = [:]
            var wildcard: [Int] = []
            for (index, rule) in table.rules.enumerated() {
                if rule.categories.isEmpty {
                    wildcard.append(index)
                } else {
                    for category in Set(rule.categories.map(\.value)) {
                        byCategory[category, default: []].append(index)
                    }
                }
            }
            self.byCategory = byCategory
            self.wildcard = wildcard
        }

        /// The candidate rules of `category` (`nil`: a category no rule names), in table order.
        func keys(_ category: String?) -> [RuleKey] {
            let own = category.flatMap { byCategory[$0] } ?? []
            var merged: [Int] = []
            merged.reserveCapacity(own.count + wildcard.count)
            var i = 0
            var j = 0
            while i < own.count || j < wildcard.count {
                if j == wildcard.count || (i < own.count && own[i] < wildcard[j]) {
                    merged.append(own[i])
                    i += 1
                } else {
                    merged.append(wildcard[j])
                    j += 1
                }
            }
            return merged.map { keys[$0] }
        }
    }

    /// The labels, channels and regions the rules that can match one category condition on.
    struct InputSpace {
        let labels: [String]
        /// Named channels; index `channels.count` stands for any other channel or none.
        let channels: [String]
        let regions: [String]

        init(_ rules: [RoutingRule]) {
            labels = Set(rules.flatMap { $0.labels.map(\.value) }).sorted()
            channels = Set(rules.flatMap { $0.channels.map(\.value) }).sorted()
            regions = Set(rules.flatMap { $0.regions.map(\.value) }).sorted()
        }

        /// Input classes, or `nil` if they overflow.
        var size: Int? {
            guard labels.count < 30 else { return nil }
            let (product, overflow) = (1 << labels.count).multipliedReportingOverflow(by: channels.count + 1)
            guard !overflow else { return nil }
            let (total, overflow2) = product.multipliedReportingOverflow(by: regions.count + 1)
            return overflow2 ? nil : total
        }
    }

    /// One group of changed classes, before merging: the classes as points of the input space.
    private struct Group {
        var old: RouteDecision?
        var new: RouteDecision?
        var points: [Term] = []
    }

    private static func route(_ category: String?, in space: InputSpace, old: Router, new: Router) -> (
        changes: [Change], sameDestination: Int
    ) {
        // A category name no rule or catalog can name: only catch-all rules match it.
        let name = category ?? "\u{0}other"
        var groups: [String: Group] = [:]
        var order: [String] = []
        var sameDestination = 0
        for mask in 0..<(1 << space.labels.count) {
            let labels = space.labels.indices.filter { mask & (1 << $0) != 0 }.map { space.labels[$0] }
            for channel in 0...space.channels.count {
                for region in 0...space.regions.count {
                    let input = RoutingInput(
                        category: name, labels: labels,
                        channel: channel < space.channels.count ? space.channels[channel] : nil,
                        region: region < space.regions.count ? space.regions[region] : nil)
                    let before = try? old.route(input).get()
                    let after = try? new.route(input).get()
                    if before.map(RouteDestination.init) == after.map(RouteDestination.init) {
                        if before?.rule != after?.rule { sameDestination += 1 }
                        continue
                    }
                    let key = "\(before?.rule ?? "")\u{0}\(after?.rule ?? "")"
                    if groups[key] == nil {
                        groups[key] = Group(old: before, new: after)
                        order.append(key)
                    }
                    groups[key]?.points.append(
                        Term(
                            labels: space.labels.indices.map { mask & (1 << $0) != 0 ? 1 : 0 }, channels: [channel],
                            regions: [region]))
                }
            }
        }
        var changes: [Change] = []
        for key in order {
            guard let group = groups[key] else { continue }
            let merged = Term.merge(
                group.points, channelCount: space.channels.count + 1, regionCount: space.regions.count + 1)
            changes.append(
                Change(
                    category: category, old: group.old, new: group.new,
                    inputs: merged.map { $0.inputs(in: space) }.sorted { $0.description < $1.description },
                    classes: group.points.count))
        }
        changes.sort { lhs, rhs in
            let left = (
                lhs.from?.description ?? "", lhs.to?.description ?? "", lhs.old?.rule ?? "", lhs.new?.rule ?? ""
            )
            let right = (
                rhs.from?.description ?? "", rhs.to?.description ?? "", rhs.old?.rule ?? "", rhs.new?.rule ?? ""
            )
            return left < right
        }
        return (changes, sameDestination)
    }

    /// A cube of the input space: per label present (1), absent (0) or either (-1); sets of channel and
    /// region indexes.
    struct Term: Hashable {
        var labels: [Int8]
        var channels: Set<Int>
        var regions: Set<Int>

        /// Merges points into fewer terms covering exactly the same inputs: terms that differ only in the
        /// region (or channel) set are united, terms that differ only in one label's presence lose that
        /// label, until nothing changes.
        static func merge(_ points: [Term], channelCount: Int, regionCount: Int) -> [Term] {
            var terms = points
            while true {
                let before = terms.count
                terms = unite(terms) { term in
                    Term(labels: term.labels, channels: term.channels, regions: [])
                } merge: {
                    $0.regions.formUnion($1.regions)
                }
                terms = unite(terms) { term in
                    Term(labels: term.labels, channels: [], regions: term.regions)
                } merge: {
                    $0.channels.formUnion($1.channels)
                }
                for label in terms.first?.labels.indices ?? 0..<0 {
                    terms = mergeLabel(label, terms)
                }
                if terms.count == before { break }
            }
            return terms
        }

        /// Terms equal under `key` become one, combined by `merge`; first-seen order is kept.
        private static func unite(_ terms: [Term], key: (Term) -> Term, merge: (inout Term, Term) -> Void) -> [Term] {
            var index: [Term: Int] = [:]
            var result: [Term] = []
            for term in terms {
                let k = key(term)
                if let at = index[k] {
                    merge(&result[at], term)
                } else {
                    index[k] = result.count
                    result.append(term)
                }
            }
            return result
        }

        /// Terms that differ only in label `label` being present or absent become one term without it.
        private static func mergeLabel(_ label: Int, _ terms: [Term]) -> [Term] {
            var variants: [Term: [Int8]] = [:]
            var order: [Term] = []
            for term in terms {
                var key = term
                key.labels[label] = -1
                if variants[key] == nil { order.append(key) }
                variants[key, default: []].append(term.labels[label])
            }
            var result: [Term] = []
            for key in order {
                let values = Set(variants[key] ?? [])
                if values.contains(-1) || (values.contains(0) && values.contains(1)) {
                    result.append(key)
                } else {
                    var term = key
                    term.labels[label] = values.first ?? -1
                    result.append(term)
                }
            }
            return result
        }

        func inputs(in space: InputSpace) -> Inputs {
            func condition(_ set: Set<Int>, _ values: [String]) -> ValueCondition {
                if set.count == values.count + 1 { return .any }
                if set.contains(values.count) {
                    return .noneOf(values.indices.filter { !set.contains($0) }.map { values[$0] })
                }
                return .oneOf(set.sorted().map { values[$0] })
            }
            return Inputs(
                labels: space.labels.indices.filter { labels[$0] == 1 }.map { space.labels[$0] },
                withoutLabels: space.labels.indices.filter { labels[$0] == 0 }.map { space.labels[$0] },
                channel: condition(channels, space.channels), region: condition(regions, space.regions))
        }
    }

    // MARK: Rules

    private static func ruleChanges(old: RoutingTable, new: RoutingTable) -> [RuleChange] {
        let oldIndex = Dictionary(
            old.rules.enumerated().map { ($1.id.value, $0) }, uniquingKeysWith: { first, _ in first })
        let newIndex = Dictionary(
            new.rules.enumerated().map { ($1.id.value, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [RuleChange] = []
        for rule in old.rules where newIndex[rule.id.value] == nil {
            result.append(
                RuleChange(
                    kind: .removed, rule: rule.id.value, oldLocation: rule.id.location, newLocation: nil,
                    detail: summary(rule)))
        }
        for rule in new.rules where oldIndex[rule.id.value] == nil {
            result.append(
                RuleChange(
                    kind: .added, rule: rule.id.value, oldLocation: nil, newLocation: rule.id.location,
                    detail: summary(rule)))
        }
        // Common rules in the new order; those outside a longest increasing run of old positions moved.
        let common = new.rules.enumerated().compactMap { position, rule in
            oldIndex[rule.id.value].map { (old: $0, new: position) }
        }
        let kept = longestIncreasing(common.map(\.old))
        for (offset, pair) in common.enumerated() {
            let before = old.rules[pair.old]
            let after = new.rules[pair.new]
            let differences = ruleDifferences(before, after)
            if !differences.isEmpty {
                result.append(
                    RuleChange(
                        kind: .changed, rule: after.id.value, oldLocation: before.id.location,
                        newLocation: after.id.location, detail: differences.joined(separator: "; ")))
            }
            if !kept.contains(offset) {
                var detail = "#\(pair.old + 1) → #\(pair.new + 1)"
                // The common rules it swapped places with (within a budget of comparisons for large tables).
                if (common.count - kept.count) * common.count <= 10_000_000 {
                    let passed = common.filter { $0.old < pair.old && $0.new > pair.new }.map {
                        new.rules[$0.new].id.value
                    }
                    let fell = common.filter { $0.old > pair.old && $0.new < pair.new }.map {
                        new.rules[$0.new].id.value
                    }
                    func names(_ ids: [String]) -> String {
                        ids.prefix(3).map { "`\($0)`" }.joined(separator: ", ") + (ids.count > 3 ? " …" : "")
                    }
                    if !passed.isEmpty { detail += ", now before \(names(passed))" }
                    if !fell.isEmpty { detail += ", now after \(names(fell))" }
                }
                result.append(
                    RuleChange(
                        kind: .moved, rule: after.id.value, oldLocation: before.id.location,
                        newLocation: after.id.location, detail: detail))
            }
        }
        return result
    }

    /// Offsets of one longest strictly increasing subsequence of `values` (patience sorting).
    static func longestIncreasing(_ values: [Int]) -> Set<Int> {
        var tails: [Int] = []  // offsets of the smallest tail of each run length
        var previous = [Int](repeating: -1, count: values.count)
        for (offset, value) in values.enumerated() {
            var low = 0
            var high = tails.count
            while low < high {
                let middle = (low + high) / 2
                if values[tails[middle]] < value { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[offset] = tails[low - 1] }
            if low == tails.count { tails.append(offset) } else { tails[low] = offset }
        }
        var kept: Set<Int> = []
        var cursor = tails.last ?? -1
        while cursor >= 0 {
            kept.insert(cursor)
            cursor = previous[cursor]
        }
        return kept
    }

    private static func summary(_ rule: RoutingRule) -> String {
        let conditions = conditionText(RuleConditions(rule), isDefault: rule.isDefault)
        return "\(conditions) → \(RouteDestination(unit: rule.route.value, disposition: rule.disposition))"
    }

    private static func conditionText(_ conditions: RuleConditions, isDefault: Bool) -> String {
        var parts: [String] = []
        if !conditions.categories.isEmpty {
            parts.append("category " + conditions.categories.sorted().joined(separator: "|"))
        }
        if !conditions.labels.isEmpty { parts.append("labels " + conditions.labels.sorted().joined(separator: "+")) }
        if !conditions.channels.isEmpty {
            parts.append("channel " + conditions.channels.sorted().joined(separator: "|"))
        }
        if !conditions.regions.isEmpty { parts.append("region " + conditions.regions.sorted().joined(separator: "|")) }
        if parts.isEmpty { parts.append(isDefault ? "default" : "any ticket") }
        return parts.joined(separator: ", ")
    }

    private static func ruleDifferences(_ before: RoutingRule, _ after: RoutingRule) -> [String] {
        var differences: [String] = []
        let old = RuleConditions(before)
        let new = RuleConditions(after)
        func compare(_ name: String, _ a: Set<String>, _ b: Set<String>) {
            guard a != b else { return }
            func show(_ set: Set<String>) -> String { set.isEmpty ? "any" : set.sorted().joined(separator: "|") }
            differences.append("\(name) \(show(a)) → \(show(b))")
        }
        compare("category", old.categories, new.categories)
        compare("labels", old.labels, new.labels)
        compare("channel", old.channels, new.channels)
        compare("region", old.regions, new.regions)
        if before.route.value != after.route.value || before.disposition != after.disposition {
            differences.append(
                "route \(RouteDestination(unit: before.route.value, disposition: before.disposition)) → "
                    + "\(RouteDestination(unit: after.route.value, disposition: after.disposition))")
        }
        if before.isDefault != after.isDefault {
            differences.append(after.isDefault ? "now the default rule" : "no longer the default rule")
        }
        return differences
    }

    /// `a`, `a and b`, `a, b and c` (or with `or`).
    static func list(_ values: [String], _ joiner: String) -> String {
        guard values.count > 1 else { return values.first ?? "" }
        return values.dropLast().joined(separator: ", ") + " \(joiner) " + (values.last ?? "")
    }
}
