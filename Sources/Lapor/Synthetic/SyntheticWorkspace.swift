/// Generates large, valid config workspaces for benchmarks and scale tests.
///
/// The tables look like real ones: every category has a few label-specific rules before its
/// general rule, a share of rules also match channels or regions, and a default rule ends the table.
public struct SyntheticWorkspace: Sendable {
    /// Number of units.
    public var units: Int
    /// Number of categories.
    public var categories: Int
    /// Number of routing rules (at least one per category, plus the default).
    public var rules: Int

    /// Number of categories whose general rule is also written at the top of the table, where it
    /// shadows every later rule of the category (`LAP204` for each of them).
    public var shadowed: Int
    /// Number of categories the table has no rule for, so they reach only the default rule (`LAP206`).
    public var uncovered: Int

    /// Creates a generator; `shadowed` and `uncovered` plant known defects for the validator to find.
    public init(units: Int = 500, categories: Int = 2_000, rules: Int = 20_000, shadowed: Int = 0, uncovered: Int = 0) {
        self.units = max(1, units)
        self.categories = max(1, categories)
        self.rules = max(self.categories + 1, rules)
        self.shadowed = min(max(0, shadowed), self.categories / 2)
        self.uncovered = min(max(0, uncovered), self.categories / 2)
    }

    /// The categories given a shadowing rule at the top: every `categories / shadowed`-th, from 0.
    public var shadowedCategories: [Int] {
        shadowed == 0 ? [] : (0..<shadowed).map { $0 * (categories / shadowed) }
    }

    /// The categories without rules: every `categories / uncovered`-th, from the middle of the first
    /// stride, moved on to the next category where that one is shadowed.
    public var uncoveredCategories: [Int] {
        guard uncovered > 0 else { return [] }
        let taken = Set(shadowedCategories)
        let stride = categories / uncovered
        return (0..<uncovered).map { index in
            var category = index * stride + stride / 2
            while taken.contains(category) { category += 1 }
            return category
        }
    }

    /// Rules the table writes for `category` (its label rules and its general rule).
    public func ruleCount(of category: Int) -> Int {
        (rules - 1) / categories + (category < (rules - 1) % categories ? 1 : 0)
    }

    /// The files of the workspace, by path relative to its root.
    public func files() -> [(path: String, text: String)] {
        [
            ("routing/units.yaml", unitsText()), ("routing/categories.yaml", categoriesText()),
            ("routing/table.yaml", tableText()),
        ]
    }

    private var labelCount: Int { max(4, rules / categories) }

    private func unitsText() -> String {
        var text = "apiVersion: lapor/v1\nkind: Units\nmetadata: {name: units}\nunits:\n"
        for index in 0..<units { text += "  - {id: UNIT_\(index), name: Unit \(index)}\n" }
        return text
    }

    private func categoriesText() -> String {
        var text = "apiVersion: lapor/v1\nkind: Categories\nmetadata: {name: cats}\n"
        text += "channels: [{id: web}, {id: whatsapp}, {id: email}]\n"
        text += "regions: [{id: \"31\"}, {id: \"32\"}, {id: \"33\"}]\n"
        text += "labels:\n"
        for label in 0..<labelCount { text += "  - {id: label_\(label)}\n" }
        text += "categories:\n"
        for category in 0..<categories { text += "  - {id: cat_\(category), name: Category \(category)}\n" }
        return text
    }

    private func tableText() -> String {
        var text = "apiVersion: lapor/v1\nkind: RoutingTable\nmetadata: {name: table}\nunits: units\n"
        text += "categories: cats\nrules:\n"
        for category in shadowedCategories {
            text += "  - {id: early_\(category), when: {category: cat_\(category)}, route: UNIT_\(category % units)}\n"
        }
        let specificPerCategory = (rules - 1) / categories - 1
        let skipped = Set(uncoveredCategories)
        var written = 0
        for category in 0..<categories {
            if skipped.contains(category) { continue }
            let extra = category < (rules - 1) % categories ? 1 : 0
            for specific in 0..<(specificPerCategory + extra) {
                let unit = (category * 7 + specific) % units
                var when = "category: cat_\(category), labels: [label_\(specific % labelCount)]"
                if specific % 5 == 1 { when += ", channel: [whatsapp]" }
                if specific % 7 == 2 { when += ", region: [\"31\", \"32\"]" }
                text += "  - {id: r\(written), when: {\(when)}, route: UNIT_\(unit)}\n"
                written += 1
            }
            text += "  - {id: r\(written), when: {category: cat_\(category)}, route: UNIT_\(category % units)}\n"
            written += 1
        }
        text += "  - {id: fallback, default: true, route: UNIT_0}\n"
        return text
    }
}
