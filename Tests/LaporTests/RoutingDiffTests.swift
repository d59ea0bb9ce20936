import Foundation
import Lapor
import LaporYAML
import Testing

@Suite("Routing diff and replay")
struct RoutingDiffTests {
    /// The categories the tables below route; `wages` has three labels, `relations` a region rule.
    static let catalog = """
        apiVersion: lapor/v1
        kind: Categories
        metadata: {name: c}
        labels: [{id: thr}, {id: unpaid}, {id: minimum}, {id: phk}, {id: outsourcing}]
        channels: [{id: web}, {id: whatsapp}]
        regions: [{id: "31"}, {id: "32"}, {id: "35"}]
        categories: [{id: wages}, {id: relations}, {id: safety}, {id: migrant}, {id: info}]
        """

    /// The current table: 11 rules.
    static let current = [
        "- {id: wages-thr, when: {category: wages, labels: [thr]}, route: INSPECTION}",
        "- {id: wages-unpaid, when: {category: wages, labels: [unpaid]}, route: INSPECTION}",
        "- {id: wages-minimum, when: {category: wages, labels: [minimum]}, route: RELATIONS}",
        "- {id: wages, when: {category: wages}, route: INSPECTION}",
        "- {id: relations-phk, when: {category: relations, labels: [phk]}, route: RELATIONS}",
        "- {id: relations-region, when: {category: relations, region: [\"31\", \"32\"]}, route: external/DISNAKER}",
        "- {id: relations, when: {category: relations}, route: RELATIONS}",
        "- {id: safety, when: {category: safety}, route: INSPECTION}",
        "- {id: migrant, when: {category: migrant}, route: external/KP2MI, disposition: forward}",
        "- {id: info, when: {category: info}, route: HUMAS, disposition: faq}",
        "- {id: fallback, default: true, route: HUMAS}",
    ]

    static func table(_ rules: [String], name: String = "old.yaml", version: String = "1") throws -> RoutingTable {
        let text = """
            apiVersion: lapor/v1
            kind: RoutingTable
            metadata: {name: t, version: "\(version)"}
            units: u
            categories: c
            rules:
            \(rules.map { "  " + $0 }.joined(separator: "\n"))
            """
        let loaded = WorkspaceLoader().load(text: text, name: name)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        return try #require(loaded.workspace.routingTables.first)
    }

    static func catalogs() throws -> [CategoryCatalog] {
        let loaded = WorkspaceLoader().load(text: catalog, name: "c.yaml")
        return [try #require(loaded.workspace.categoryCatalogs.first)]
    }

    static func diff(_ new: [String]) throws -> RoutingDiff {
        RoutingDiff(
            old: try table(current), new: try table(new, name: "new.yaml", version: "2"), catalogs: try catalogs())
    }

    static func replacing(_ id: String, with rule: String?) -> [String] {
        current.flatMap { line in line.contains("{id: \(id),") ? (rule.map { [$0] } ?? []) : [line] }
    }

    @Test("identical tables: no rule change, no destination change; every class examined")
    func identical() throws {
        let diff = try Self.diff(Self.current)
        #expect(diff.rules.isEmpty)
        #expect(diff.changes.isEmpty)
        #expect(diff.sameDestinationOtherRule == 0)
        // wages: 3 labels → 8; relations: phk × regions {31, 32, other} → 2 × 3 = 6; safety, migrant, info
        // and any other category: 1 each.
        #expect(diff.classes == 8 + 6 + 1 + 1 + 1 + 1)
        #expect(diff.categories == ["info", "migrant", "relations", "safety", "wages"])
    }

    @Test("a rule moved before two others changes exactly the label combinations it now takes")
    func movedRule() throws {
        var rules = Self.replacing("wages-minimum", with: nil)
        rules.insert("- {id: wages-minimum, when: {category: wages, labels: [minimum]}, route: RELATIONS}", at: 0)
        let diff = try Self.diff(rules)
        #expect(diff.rules.map(\.kind) == [.moved])
        #expect(diff.rules.first?.rule == "wages-minimum")
        #expect(diff.rules.first?.detail == "#3 → #1, now before `wages-thr`, `wages-unpaid`")
        // Old: thr first, then unpaid, then minimum. New: minimum first. Changed: minimum with thr (2 classes:
        // with or without unpaid) and minimum with unpaid but not thr (1 class).
        #expect(diff.changedCategories == ["wages"])
        #expect(diff.changes.map(\.classes) == [2, 1])
        let byThr = try #require(diff.changes.first { $0.old?.rule == "wages-thr" })
        #expect(byThr.new?.rule == "wages-minimum")
        #expect(byThr.from == RouteDestination(unit: "INSPECTION", disposition: .dispose))
        #expect(byThr.to == RouteDestination(unit: "RELATIONS", disposition: .dispose))
        #expect(byThr.inputs.map(\.description) == ["tickets with labels minimum and thr"])
        let byUnpaid = try #require(diff.changes.first { $0.old?.rule == "wages-unpaid" })
        #expect(byUnpaid.inputs.map(\.description) == ["tickets with labels minimum and unpaid, without label thr"])
    }

    @Test("a label-conditioned rule changes only tickets with the label, in each region class")
    func labelConditionedRule() throws {
        var rules = Self.current
        rules.insert(
            "- {id: relations-outsourcing, when: {category: relations, labels: [outsourcing]}, route: INSPECTION}",
            at: 5)
        let diff = try Self.diff(rules)
        #expect(diff.rules.map(\.kind) == [.added])
        #expect(diff.changedCategories == ["relations"])
        for change in diff.changes {
            #expect(change.to?.unit == "INSPECTION")
            for inputs in change.inputs {
                #expect(inputs.labels == ["outsourcing"])
                #expect(inputs.withoutLabels == ["phk"])
            }
        }
        // Relations tickets with outsourcing and without phk: regions 31/32 went to DISNAKER, others to RELATIONS.
        let fromDisnaker = try #require(diff.changes.first { $0.from?.unit == "external/DISNAKER" })
        #expect(fromDisnaker.classes == 2)
        #expect(fromDisnaker.inputs.first?.region == .oneOf(["31", "32"]))
        let fromRelations = try #require(diff.changes.first { $0.from?.unit == "RELATIONS" })
        #expect(fromRelations.classes == 1)
        #expect(fromRelations.inputs.first?.region == .noneOf(["31", "32"]))
        #expect(diff.changes.count == 2)
    }

    @Test("a channel rule changes only tickets of that channel")
    func channelRule() throws {
        var rules = Self.current
        rules.insert("- {id: safety-web, when: {category: safety, channel: [web]}, route: HUMAS}", at: 7)
        let diff = try Self.diff(rules)
        let change = try #require(diff.changes.first)
        #expect(diff.changes.count == 1)
        #expect(change.category == "safety")
        #expect(change.inputs.map(\.description) == ["tickets via channel web"])
        #expect(!change.wholeCategory)
    }

    @Test("a changed route moves the whole category; a changed fallback moves only other categories")
    func wholeCategoryAndFallback() throws {
        var rules = Self.replacing("safety", with: "- {id: safety, when: {category: safety}, route: RELATIONS}")
        rules = rules.map { $0.contains("id: fallback") ? "- {id: fallback, default: true, route: SECRETARIAT}" : $0 }
        let diff = try Self.diff(rules)
        #expect(diff.rules.map(\.kind) == [.changed, .changed])
        #expect(diff.rules.map(\.detail) == ["route INSPECTION → RELATIONS", "route HUMAS → SECRETARIAT"])
        #expect(diff.changedCategories == ["safety", RoutingDiff.otherCategoryName])
        let safety = try #require(diff.changes.first)
        #expect(safety.wholeCategory)
        #expect(safety.inputs.map(\.description) == ["all tickets"])
        let other = try #require(diff.changes.last)
        #expect(other.category == nil)
        #expect(other.from?.unit == "HUMAS")
        #expect(other.to?.unit == "SECRETARIAT")
    }

    @Test("a removed rule and a disposition change are reported; same destination by another rule is counted")
    func removedRuleAndDisposition() throws {
        var rules = Self.replacing("wages-unpaid", with: nil)
        rules = rules.map {
            $0.contains("id: info,") ? "- {id: info, when: {category: info}, route: HUMAS}" : $0
        }
        let diff = try Self.diff(rules)
        #expect(diff.rules.map(\.kind) == [.removed, .changed])
        #expect(diff.rules.last?.detail == "route HUMAS (faq) → HUMAS")
        // Unpaid wages fall to `wages` (INSPECTION as before) or to `wages-minimum` when labelled minimum.
        #expect(diff.sameDestinationOtherRule == 1)
        let unpaid = try #require(diff.changes.first { $0.category == "wages" })
        #expect(unpaid.inputs.map(\.description) == ["tickets with labels minimum and unpaid, without label thr"])
        let info = try #require(diff.changes.first { $0.category == "info" })
        #expect(info.from == RouteDestination(unit: "HUMAS", disposition: .faq))
        #expect(info.to == RouteDestination(unit: "HUMAS", disposition: .dispose))
    }

    @Test("the merge of classes covers exactly the changed inputs", arguments: [0, 3, 5, 7])
    func mergeIsExact(position: Int) throws {
        var rules = Self.current
        rules.insert(
            "- {id: probe, when: {category: [wages, relations], labels: [thr], channel: [web], region: [\"35\"]}, route: HUMAS}",
            at: position)
        let diff = try Self.diff(rules)
        let old = Router(table: diff.old)
        let new = Router(table: diff.new)
        // Every input of the two categories over every label subset, channel and region of the catalog.
        let labels = ["thr", "unpaid", "minimum", "phk", "outsourcing"]
        for category in ["wages", "relations"] {
            for mask in 0..<(1 << labels.count) {
                let present = labels.indices.filter { mask & (1 << $0) != 0 }.map { labels[$0] }
                for channel in [nil, "web", "whatsapp"] {
                    for region in [nil, "31", "32", "35"] {
                        let input = RoutingInput(category: category, labels: present, channel: channel, region: region)
                        let before = try old.route(input).get()
                        let after = try new.route(input).get()
                        let covered = diff.changes.filter { change in
                            change.category == category
                                && change.inputs.contains { Self.matches($0, present, channel, region) }
                        }
                        if before.unit == after.unit && before.disposition == after.disposition {
                            #expect(covered.isEmpty, "\(input) is listed but does not change")
                        } else {
                            #expect(covered.count == 1, "\(input) changes but is listed \(covered.count) times")
                            #expect(covered.first?.new?.rule == after.rule)
                            #expect(covered.first?.old?.rule == before.rule)
                        }
                    }
                }
            }
        }
    }

    static func matches(_ inputs: RoutingDiff.Inputs, _ labels: [String], _ channel: String?, _ region: String?)
        -> Bool
    {
        func holds(_ condition: RoutingDiff.ValueCondition, _ value: String?) -> Bool {
            switch condition {
            case .any: true
            case .oneOf(let values): value.map(values.contains) ?? false
            case .noneOf(let values): !(value.map(values.contains) ?? false)
            }
        }
        return inputs.labels.allSatisfy(labels.contains) && !inputs.withoutLabels.contains(where: labels.contains)
            && holds(inputs.channel, channel) && holds(inputs.region, region)
    }

    // MARK: Replay

    static func opened(
        _ ticket: String, workflow: String = "desk", category: String, labels: [String] = [], region: String? = nil
    ) -> String {
        let labelList = labels.map { "\"\($0)\"" }.joined(separator: ",")
        let regionField = region.map { ",\"region\":\"\($0)\"" } ?? ""
        return
            "{\"command_id\":null,\"definition\":\"h\",\"event\":{\"actor\":{\"role\":\"pelapor\"},\"at\":\"2026-03-02T02:00Z\","
            + "\"data\":{\"category\":\"\(category)\",\"definition\":\"h\",\"labels\":[\(labelList)]\(regionField),"
            + "\"state\":\"baru\",\"version\":\"1\",\"workflow\":\"\(workflow)\"},\"sequence\":1,\"ticket\":\"\(ticket)\","
            + "\"type\":\"opened\"},\"kind\":\"event\",\"recorded_at\":\"2026-03-02T02:00Z\"}"
    }

    static func routed(_ ticket: String, unit: String, rule: String) -> String {
        "{\"command_id\":null,\"definition\":\"h\",\"event\":{\"at\":\"2026-03-02T02:00Z\",\"data\":{\"disposition\":\"dispose\","
            + "\"isDefault\":false,\"rule\":\"\(rule)\",\"unit\":\"\(unit)\"},\"sequence\":2,\"ticket\":\"\(ticket)\","
            + "\"type\":\"routed\"},\"kind\":\"event\",\"recorded_at\":\"2026-03-02T02:00Z\"}"
    }

    static func movedTable() throws -> RoutingTable {
        // The region rule removed; outsourcing to INSPECTION.
        var rules = replacing("relations-region", with: nil)
        rules.insert(
            "- {id: relations-outsourcing, when: {category: relations, labels: [outsourcing]}, route: INSPECTION}",
            at: 5)
        return try table(rules, name: "new.yaml")
    }

    @Test("a replay of a hand-made export counts every ticket once, by workflow, move and unit")
    func replayExport() throws {
        var replay = RoutingReplay(
            old: try Self.table(Self.current), new: try Self.movedTable(), workflows: ["desk"],
            catalogs: try Self.catalogs())
        let lines = [
            #"{"hash":"h","kind":"definition","normalized":"{}","recorded_at":"2026-03-02T02:00Z","version":"1","workflow":"desk"}"#,
            Self.opened("T1", category: "relations", region: "31"),  // DISNAKER → RELATIONS
            Self.routed("T1", unit: "external/DISNAKER", rule: "relations-region"),
            Self.opened("T2", category: "relations", labels: ["outsourcing"], region: "35"),  // RELATIONS → INSPECTION
            Self.routed("T2", unit: "HUMAS", rule: "fallback"),  // recorded elsewhere than the old table says
            Self.opened("T3", category: "relations", labels: ["phk"], region: "32"),  // RELATIONS, unchanged
            Self.opened("T4", category: "wages", labels: ["thr"]),  // INSPECTION, unchanged
            "",
            Self.opened("T5", workflow: "other-desk", category: "wages"),  // not replayed
            Self.opened("T6", category: "unknown"),  // HUMAS by the fallback, unchanged
            Self.opened("T7", category: "relations", region: "32"),  // DISNAKER → RELATIONS
        ]
        try replay.read(lines: lines, file: "export.jsonl")
        #expect(replay.format == .storeExport)
        #expect(replay.replayed == 6)
        #expect(replay.unchanged == 3)
        #expect(replay.moved == 3)
        #expect(replay.skipped == ["other-desk": 1])
        #expect(replay.unknownCategory == 1)
        #expect(replay.recordedAgrees == 1)
        #expect(replay.recordedDiffers == 1)
        let flows = replay.flows.map { "\($0.from?.unit ?? "-") → \($0.to?.unit ?? "-"): \($0.tickets)" }
        #expect(flows == ["external/DISNAKER → RELATIONS: 2", "RELATIONS → INSPECTION: 1"])
        let loads = replay.loads.map { "\($0.unit) \($0.old) \($0.new)" }
        #expect(loads == ["HUMAS 1 1", "INSPECTION 1 2", "RELATIONS 2 3", "external/DISNAKER 2 0"])
        #expect(replay.loads.map(\.old).reduce(0, +) == replay.replayed)
        #expect(replay.loads.map(\.new).reduce(0, +) == replay.replayed)
    }

    @Test("a replay of a tickets.csv reads quoted fields, labels and the optional routing columns")
    func replayCSV() throws {
        var replay = RoutingReplay(old: try Self.table(Self.current), new: try Self.movedTable(), workflows: nil)
        let lines = [
            "id,workflow,category,labels,channel,region,unit",
            "a,desk,relations,,web,31,external/DISNAKER",
            "b,desk,relations,\"outsourcing;phk\",,35,RELATIONS",
            "c,\"de\"\"sk\",relations,outsourcing,whatsapp,,RELATIONS\r",
        ]
        try replay.read(lines: lines, file: "tickets.csv")
        #expect(replay.format == .ticketsCSV)
        #expect(replay.missingColumns.isEmpty)
        #expect(replay.replayed == 3)
        // a: DISNAKER → RELATIONS; b: phk wins in both; c: no region → RELATIONS → INSPECTION.
        #expect(replay.moved == 2)
        #expect(replay.unchanged == 1)
    }

    @Test(
        "a line that cannot be read is reported at its line",
        arguments: [
            (["id,category,labels", "a,wages,thr", "b,wages"], 3, "2 fields where the header has 3"),
            (["id,category,labels", "a,\"wages,thr"], 2, "a quoted field is not closed on its line"),
            (["id,category,labels", "a,,thr"], 2, "the category is empty"),
            (["id,category", "a,wages"], 1, "neither a store export"),
            ([opened("T1", category: "wages"), "{\"kind\":\"event\"}"], 2, "'event' is missing"),
            ([opened("T1", category: "wages"), "", "not json"], 3, "not a line of a store export"),
            (["{\"kind\":\"snapshot\"}"], 1, "unknown kind 'snapshot'"),
            ([String](), 1, "the file is empty"),
        ])
    func malformedLine(lines: [String], line: Int, message: String) throws {
        var replay = RoutingReplay(old: try Self.table(Self.current), new: try Self.movedTable(), workflows: nil)
        do throws(Diagnostic) {
            try replay.read(lines: lines, file: "history.jsonl")
            Issue.record("no diagnostic")
        } catch {
            #expect(error.code == .invalidReplayLine)
            #expect(error.location == SourceLocation(file: "history.jsonl", line: line, column: 1))
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
