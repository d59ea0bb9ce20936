/// Checks of one routing table against its catalogs: references, defaults, shadowing, coverage.
struct RoutingTableChecks {
    let table: RoutingTable
    let workspace: Workspace

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let units = workspace.unitCatalog(named: table.units.value)
        let catalog = workspace.categoryCatalog(named: table.categories.value)
        if units == nil {
            diagnostics.append(
                .unknownDocument(
                    .units, name: table.units.value, known: workspace.unitCatalogs.map(\.metadata.name.value),
                    at: table.units.location))
        }
        if catalog == nil {
            diagnostics.append(
                .unknownDocument(
                    .categories, name: table.categories.value,
                    known: workspace.categoryCatalogs.map(\.metadata.name.value), at: table.categories.location))
        }
        diagnostics +=
            duplicates(table.rules.map(\.id)) { .duplicateRule($0.value, at: $0.location, first: $1) }
            .diagnostics
        if let units { diagnostics += routes(units) }
        if let catalog { diagnostics += references(catalog) }
        diagnostics += defaults()
        diagnostics += shadowing()
        if let catalog { diagnostics += coverage(catalog) }
        return diagnostics
    }

    private func routes(_ catalog: UnitCatalog) -> [Diagnostic] {
        var byID: [String: Unit] = [:]
        for unit in catalog.units where byID[unit.id.value] == nil { byID[unit.id.value] = unit }
        let known = catalog.units.map(\.id.value)
        var diagnostics: [Diagnostic] = []
        for rule in table.rules {
            guard let unit = byID[rule.route.value] else {
                diagnostics.append(.unknownUnit(rule.route.value, known: known, at: rule.route.location))
                continue
            }
            if unit.isRetired {
                diagnostics.append(.retiredUnit(unit.id.value, at: rule.route.location, declared: unit.location))
            }
            if rule.disposition == .forward && !unit.isExternal {
                diagnostics.append(.forwardToInternalUnit(rule.id.value, unit: unit.id.value, at: rule.route.location))
            }
        }
        return diagnostics
    }

    private func references(_ catalog: CategoryCatalog) -> [Diagnostic] {
        let name = catalog.metadata.name.value
        let categories = catalog.categories.map(\.id.value)
        let labels = catalog.labels.map(\.id.value)
        let channels = catalog.channels.map(\.id.value)
        let regions = catalog.regions.map(\.id.value)
        let categorySet = Set(categories)
        let labelSet = Set(labels)
        let channelSet = Set(channels)
        let regionSet = Set(regions)
        var diagnostics: [Diagnostic] = []
        for rule in table.rules {
            for id in rule.categories where !categorySet.contains(id.value) {
                diagnostics.append(.unknownCategory(id.value, catalog: name, known: categories, at: id.location))
            }
            for id in rule.labels where !labelSet.contains(id.value) {
                diagnostics.append(.unknownLabel(id.value, catalog: name, known: labels, at: id.location))
            }
            for id in rule.channels where !channelSet.contains(id.value) {
                diagnostics.append(.unknownChannel(id.value, catalog: name, known: channels, at: id.location))
            }
            for id in rule.regions where !regionSet.contains(id.value) {
                diagnostics.append(.unknownRegion(id.value, catalog: name, known: regions, at: id.location))
            }
        }
        return diagnostics
    }

    private func defaults() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var first: RoutingRule?
        for (index, rule) in table.rules.enumerated() {
            if rule.isDefault {
                if let first {
                    diagnostics.append(
                        .multipleDefaultRules(rule.id.value, at: rule.id.location, first: first.id.location))
                } else {
                    first = rule
                    if index != table.rules.count - 1 {
                        diagnostics.append(.defaultRuleNotLast(rule.id.value, at: rule.id.location))
                    }
                }
                if !rule.isUnconditional {
                    diagnostics.append(.defaultRuleWithConditions(rule.id.value, at: rule.id.location))
                }
            } else if rule.isUnconditional {
                diagnostics.append(.catchAllRule(rule.id.value, at: rule.id.location))
            }
        }
        return diagnostics
    }

    /// A rule is shadowed when one earlier rule matches every ticket it matches.
    ///
    /// Earlier rules are indexed by category, so each rule is compared only with earlier rules
    /// naming its first category and with earlier rules that name no category: linear in the
    /// table for the common case of a few rules per category.
    private func shadowing() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var byCategory: [String: [Int]] = [:]
        var wildcard: [Int] = []
        let conditions = table.rules.map(RuleConditions.init)
        for (index, rule) in table.rules.enumerated() {
            let candidates: [Int]
            if let firstCategory = rule.categories.first?.value {
                candidates = mergeSorted(byCategory[firstCategory] ?? [], wildcard)
            } else {
                candidates = wildcard
            }
            if let earlier = candidates.first(where: { conditions[$0].covers(conditions[index]) }) {
                let other = table.rules[earlier]
                diagnostics.append(
                    .shadowedRule(
                        rule.id.value, by: other.id.value, earlierAt: other.id.location, at: rule.id.location))
            }
            if rule.categories.isEmpty {
                wildcard.append(index)
            } else {
                for category in Set(rule.categories.map(\.value)) { byCategory[category, default: []].append(index) }
            }
        }
        return diagnostics
    }

    private func mergeSorted(_ a: [Int], _ b: [Int]) -> [Int] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var result: [Int] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        return result
    }

    /// Every category must be routed by a rule that takes all its tickets, or reach a default.
    private func coverage(_ catalog: CategoryCatalog) -> [Diagnostic] {
        var fullyRouted: Set<String> = []
        var anyCategory = false
        for rule in table.rules where !rule.isDefault {
            guard rule.labels.isEmpty, rule.channels.isEmpty, rule.regions.isEmpty else { continue }
            if rule.categories.isEmpty { anyCategory = true }
            for category in rule.categories { fullyRouted.insert(category.value) }
        }
        if anyCategory { return [] }
        let defaultRule = table.rules.first(where: \.isDefault)
        var diagnostics: [Diagnostic] = []
        for category in catalog.categories where !fullyRouted.contains(category.id.value) {
            var diagnostic: Diagnostic
            if let defaultRule {
                diagnostic = .defaultOnlyCategory(
                    category.id.value, table: table.metadata.name.value, defaultRule: defaultRule.id.value,
                    at: table.categories.location)
            } else {
                diagnostic = .uncoveredCategory(
                    category.id.value, table: table.metadata.name.value, at: table.categories.location)
            }
            diagnostic.notes.append(.init("category '\(category.id.value)' is declared here", at: category.id.location))
            diagnostics.append(diagnostic)
        }
        return diagnostics
    }
}
