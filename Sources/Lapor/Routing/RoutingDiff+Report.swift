// Text and JSON renderings of a routing diff and of a replay of historical tickets.

extension RoutingDiff {
    /// `name version (file)` of a table.
    static func title(_ table: RoutingTable) -> String {
        let version = table.metadata.version.map { " \($0)" } ?? ""
        return "\(table.metadata.name.value)\(version) (\(table.location.file))"
    }

    /// `rule `upah-thr` routing/lapor-menaker.yaml:10:5`, or `no rule matches`.
    static func rule(_ decision: RouteDecision?) -> String {
        guard let decision else { return "no rule matches" }
        return "rule `\(decision.rule)` \(decision.ruleLocation)"
    }

    /// The diff as text: the rule differences, then per category the tickets whose destination changes.
    public func text() -> String {
        var lines = ["routing diff: \(Self.title(old)) → \(Self.title(new))"]
        lines.append(
            "examined \(categories.count) categor\(categories.count == 1 ? "y" : "ies") and any other category: "
                + "\(classes) input classes (each combination of the labels, channels and regions the rules name)")
        lines.append("")
        if rules.isEmpty {
            lines.append("rules: the same, in the same order")
        } else {
            let counts = [RuleChange.Kind.removed, .added, .changed, .moved].compactMap { kind -> String? in
                let count = rules.count { $0.kind == kind }
                return count == 0 ? nil : "\(count) \(kind.rawValue)"
            }
            lines.append("rules: " + counts.joined(separator: ", "))
            for change in rules {
                switch change.kind {
                case .removed, .added:
                    let location =
                        (change.kind == .removed ? change.oldLocation : change.newLocation)?.description ?? ""
                    lines.append("  \(change.kind.rawValue) `\(change.rule)` (\(location)): \(change.detail)")
                case .changed, .moved:
                    let locations = [change.oldLocation, change.newLocation].compactMap { $0?.description }.joined(
                        separator: " → ")
                    lines.append("  \(change.kind.rawValue) `\(change.rule)`: \(change.detail) (\(locations))")
                }
            }
        }
        lines.append("")
        let changed = changedCategories
        if changed.isEmpty {
            lines.append("destinations: no ticket changes destination")
        } else {
            let other = changed.contains(Self.otherCategoryName) ? " (and any other category)" : ""
            let count = changed.count - (other.isEmpty ? 0 : 1)
            lines.append(
                "destinations: \(count) of \(categories.count) categories change\(other), "
                    + "\(changes.map(\.classes).reduce(0, +)) of \(classes) input classes")
            for change in changes {
                lines.append(
                    "  \(change.categoryName): \(RoutingReplay.name(change.from)) → \(RoutingReplay.name(change.to))")
                lines.append("      \(Self.rule(change.old)) → \(Self.rule(change.new))")
                for (index, inputs) in change.inputs.enumerated() {
                    lines.append("      \(index == 0 ? "for" : "and") \(inputs)")
                }
            }
        }
        if sameDestinationOtherRule > 0 {
            lines.append(
                "  \(sameDestinationOtherRule) input classes keep their destination under another rule")
        }
        for skip in skipped {
            lines.append(
                "  not examined: \(skip.category) (\(skip.classes) input classes; more than \(Self.maxClassesPerCategory))"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The diff as a JSON-encodable value.
    public var summary: Summary { Summary(self) }

    /// The diff as JSON.
    public func json() -> String { TextTable.json(summary) }

    /// The JSON form of a diff.
    public struct Summary: Encodable, Sendable {
        struct Table: Encodable {
            var name: String
            var version: String?
            var file: String
        }
        struct Decision: Encodable {
            var unit: String
            var disposition: String
            var rule: String
            var location: String
        }
        struct Condition: Encodable {
            var any: Bool?
            var oneOf: [String]?
            var noneOf: [String]?

            enum CodingKeys: String, CodingKey {
                case any
                case oneOf = "one_of"
                case noneOf = "none_of"
            }

            init(_ condition: ValueCondition) {
                switch condition {
                case .any: any = true
                case .oneOf(let values): oneOf = values
                case .noneOf(let values): noneOf = values
                }
            }
        }
        struct InputsJSON: Encodable {
            var labels: [String]
            var withoutLabels: [String]
            var channel: Condition
            var region: Condition
            var description: String

            enum CodingKeys: String, CodingKey {
                case labels, channel, region, description
                case withoutLabels = "without_labels"
            }
        }
        struct ChangeJSON: Encodable {
            var category: String?
            var from: Decision?
            var to: Decision?
            var wholeCategory: Bool
            var inputClasses: Int
            var inputs: [InputsJSON]

            enum CodingKeys: String, CodingKey {
                case category, from, to, inputs
                case wholeCategory = "whole_category"
                case inputClasses = "input_classes"
            }
        }
        struct RuleJSON: Encodable {
            var kind: String
            var rule: String
            var oldLocation: String?
            var newLocation: String?
            var detail: String

            enum CodingKeys: String, CodingKey {
                case kind, rule, detail
                case oldLocation = "old_location"
                case newLocation = "new_location"
            }
        }
        struct SkippedJSON: Encodable {
            var category: String
            var inputClasses: Int

            enum CodingKeys: String, CodingKey {
                case category
                case inputClasses = "input_classes"
            }
        }

        var old: Table
        var new: Table
        var categories: [String]
        var inputClasses: Int
        var rules: [RuleJSON]
        var changes: [ChangeJSON]
        var sameDestinationOtherRule: Int
        var skipped: [SkippedJSON]

        enum CodingKeys: String, CodingKey {
            case old, new, categories, rules, changes, skipped
            case inputClasses = "input_classes"
            case sameDestinationOtherRule = "same_destination_other_rule"
        }

        init(_ diff: RoutingDiff) {
            func table(_ table: RoutingTable) -> Table {
                Table(name: table.metadata.name.value, version: table.metadata.version, file: table.location.file)
            }
            func decision(_ decision: RouteDecision?) -> Decision? {
                decision.map {
                    Decision(
                        unit: $0.unit, disposition: $0.disposition.rawValue, rule: $0.rule,
                        location: $0.ruleLocation.description)
                }
            }
            old = table(diff.old)
            new = table(diff.new)
            categories = diff.categories
            inputClasses = diff.classes
            rules = diff.rules.map {
                RuleJSON(
                    kind: $0.kind.rawValue, rule: $0.rule, oldLocation: $0.oldLocation?.description,
                    newLocation: $0.newLocation?.description, detail: $0.detail)
            }
            changes = diff.changes.map { change in
                ChangeJSON(
                    category: change.category, from: decision(change.old), to: decision(change.new),
                    wholeCategory: change.wholeCategory, inputClasses: change.classes,
                    inputs: change.inputs.map {
                        InputsJSON(
                            labels: $0.labels, withoutLabels: $0.withoutLabels, channel: Condition($0.channel),
                            region: Condition($0.region), description: $0.description)
                    })
            }
            sameDestinationOtherRule = diff.sameDestinationOtherRule
            skipped = diff.skipped.map { SkippedJSON(category: $0.category, inputClasses: $0.classes) }
        }
    }
}

extension RoutingReplay {
    /// The replay as text: moves between destinations, then the tickets per unit under each table.
    ///
    /// - Parameters:
    ///   - file: the file replayed, as named in the output.
    ///   - conditionedOn: rule ids of either table that condition on a channel or region, for the warning
    ///     about a tickets.csv without those columns.
    public func text(file: String, conditionedOn: [String] = []) -> String {
        var lines: [String] = []
        let scope = workflows.map { "of workflow \($0.sorted().joined(separator: ", "))" } ?? "of every workflow"
        lines.append("replay of \(file) (\(format?.rawValue ?? "empty")): \(replayed) tickets \(scope)")
        if !skipped.isEmpty {
            lines.append(
                "  not replayed, other workflows: "
                    + skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        lines.append(
            "  unchanged \(unchanged) (\(TextTable.percent(unchanged, of: replayed))), "
                + "moved \(moved) (\(TextTable.percent(moved, of: replayed)))")
        if recordedAgrees + recordedDiffers > 0 {
            let total = recordedAgrees + recordedDiffers
            var line = "  routed at opening as the old table routes them: \(recordedAgrees) of \(total)"
            if recordedDiffers > 0 {
                line += " (\(recordedDiffers) differ: another table was in force then, or a person chose the unit)"
            }
            lines.append(line)
        }
        if unknownCategory > 0 {
            lines.append("  \(unknownCategory) tickets have a category outside the tables' catalogs")
        }
        if !missingColumns.isEmpty, !conditionedOn.isEmpty {
            lines.append(
                "  warning: the file has no \(missingColumns.joined(separator: " or ")) column; its tickets never match "
                    + "rules conditioned on them (\(conditionedOn.joined(separator: ", ")))")
        }
        let flows = self.flows
        if !flows.isEmpty {
            lines.append("")
            var rows = [["from", "to", "tickets", "share", "categories"]]
            for flow in flows {
                rows.append([
                    Self.name(flow.from), Self.name(flow.to), String(flow.tickets),
                    TextTable.percent(flow.tickets, of: replayed),
                    flow.categories.map { "\($0.category) \($0.tickets)" }.joined(separator: ", "),
                ])
            }
            lines += TextTable.align(rows, left: [0, 1, 4]).map { "  " + $0 }
        }
        lines.append("")
        var rows = [["unit", "old", "new", "change"]]
        for load in loads {
            let change = load.new - load.old
            let relative = load.old == 0 ? "" : String(format: " (%+.1f%%)", 100 * Double(change) / Double(load.old))
            rows.append([
                load.unit, String(load.old), String(load.new),
                change == 0 ? "0" : String(format: "%+d", change) + relative,
            ])
        }
        lines += TextTable.align(rows).map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The replay as a JSON-encodable value.
    public func summary(file: String) -> Summary { Summary(self, file: file) }

    /// The JSON form of a replay.
    public struct Summary: Encodable, Sendable {
        struct FlowJSON: Encodable {
            var from: String?
            var fromDisposition: String?
            var to: String?
            var toDisposition: String?
            var tickets: Int
            var categories: [String: Int]

            enum CodingKeys: String, CodingKey {
                case from, to, tickets, categories
                case fromDisposition = "from_disposition"
                case toDisposition = "to_disposition"
            }
        }
        struct LoadJSON: Encodable {
            var unit: String
            var old: Int
            var new: Int
        }

        var file: String
        var format: String?
        var workflows: [String]?
        var replayed: Int
        var unchanged: Int
        var moved: Int
        var skipped: [String: Int]
        var unknownCategory: Int
        var recordedAgrees: Int
        var recordedDiffers: Int
        var missingColumns: [String]
        var moves: [FlowJSON]
        var units: [LoadJSON]

        enum CodingKeys: String, CodingKey {
            case file, format, workflows, replayed, unchanged, moved, skipped, moves, units
            case unknownCategory = "unknown_category"
            case recordedAgrees = "recorded_agrees"
            case recordedDiffers = "recorded_differs"
            case missingColumns = "missing_columns"
        }

        init(_ replay: RoutingReplay, file: String) {
            self.file = file
            format = replay.format?.rawValue
            workflows = replay.workflows?.sorted()
            replayed = replay.replayed
            unchanged = replay.unchanged
            moved = replay.moved
            skipped = replay.skipped
            unknownCategory = replay.unknownCategory
            recordedAgrees = replay.recordedAgrees
            recordedDiffers = replay.recordedDiffers
            missingColumns = replay.missingColumns
            moves = replay.flows.map { flow in
                FlowJSON(
                    from: flow.from?.unit, fromDisposition: flow.from?.disposition.rawValue, to: flow.to?.unit,
                    toDisposition: flow.to?.disposition.rawValue, tickets: flow.tickets,
                    categories: Dictionary(
                        flow.categories.map { ($0.category, $0.tickets) }, uniquingKeysWith: +))
            }
            units = replay.loads.map { LoadJSON(unit: $0.unit, old: $0.old, new: $0.new) }
        }
    }
}
