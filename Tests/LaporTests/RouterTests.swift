import Lapor
import LaporYAML
import Testing

@Suite("Router")
struct RouterTests {
    static let tableText = """
        apiVersion: lapor/v1
        kind: RoutingTable
        metadata: {name: t}
        units: u
        categories: c
        rules:
          - {id: thr-jakarta, when: {category: upah, labels: [thr], region: ["31"]}, route: external/DISNAKER}
          - {id: thr, when: {category: upah, labels: [thr]}, route: BINWAS}
          - {id: upah-web, when: {category: [upah, phk], channel: [web]}, route: PHI}
          - {id: upah, when: {category: upah}, route: BINWAS}
          - {id: pmi, when: {category: pmi}, route: external/KP2MI, disposition: forward}
          - {id: info, when: {category: info}, route: HUMAS, disposition: faq}
          - {id: fallback, default: true, route: HUMAS}
        ---
        apiVersion: lapor/v1
        kind: Categories
        metadata: {name: c}
        labels: [{id: thr}, {id: lembur}]
        channels: [{id: web}, {id: whatsapp}]
        regions: [{id: "31"}, {id: "32"}]
        categories: [{id: upah}, {id: phk}, {id: pmi}, {id: info}]
        """

    static func router() throws -> Router {
        let workspace = WorkspaceLoader().load(text: tableText, name: "t.yaml").workspace
        let table = try #require(workspace.routingTables.first)
        return Router(table: table, catalog: workspace.categoryCatalogs.first)
    }

    @Test(
        "first match in declared order",
        arguments: [
            (RoutingInput(category: "upah", labels: ["thr"], region: "31"), "thr-jakarta"),
            (RoutingInput(category: "upah", labels: ["lembur", "thr"], region: "32"), "thr"),
            (RoutingInput(category: "upah", channel: "web"), "upah-web"),
            (RoutingInput(category: "phk", channel: "web"), "upah-web"),
            (RoutingInput(category: "phk", channel: "whatsapp"), "fallback"),
            (RoutingInput(category: "upah", channel: "whatsapp"), "upah"),
            (RoutingInput(category: "pmi"), "pmi"),
            (RoutingInput(category: "unknown"), "fallback"),
        ])
    func firstMatch(input: RoutingInput, rule: String) throws {
        let decision = try Self.router().route(input).get()
        #expect(decision.rule == rule)
    }

    @Test("PMI complaints leave as 'bukan wewenang' to KP2MI")
    func forward() throws {
        let decision = try Self.router().route(RoutingInput(category: "pmi")).get()
        #expect(decision.unit == "external/KP2MI")
        #expect(decision.disposition == .forward)
    }

    @Test("the explanation lists every rule tried before the match with the reason")
    func explanation() throws {
        let explanation = try Self.router().explain(RoutingInput(category: "upah", labels: ["thr"], channel: "web"))
            .get()
        #expect(explanation.decision.rule == "thr")
        #expect(explanation.trials.map(\.rule) == ["thr-jakarta", "thr"])
        #expect(explanation.trials[0].reason == "region (none) is not '31'")
        #expect(explanation.trials[0].location.line == 7)
        #expect(explanation.trials[1].reason == nil)
    }

    @Test("an unknown category is routed by the default rule with a warning")
    func unknownCategory() throws {
        let explanation = try Self.router().explain(RoutingInput(category: "upahh")).get()
        #expect(explanation.decision.isDefault)
        #expect(explanation.warnings.map(\.code) == [.unknownCategoryRouted])
        #expect(explanation.warnings.first?.notes.first?.message == "did you mean 'upah'?")
    }

    @Test("without a default rule an unmatched ticket is a diagnostic")
    func noDefault() throws {
        let text = Self.tableText.replacingOccurrences(
            of: "  - {id: fallback, default: true, route: HUMAS}\n", with: "")
        let table = try #require(WorkspaceLoader().load(text: text, name: "t.yaml").workspace.routingTables.first)
        let result = Router(table: table).route(RoutingInput(category: "phk"))
        #expect(throws: Diagnostic.self) { try result.get() }
    }

    @Test("the indexed router agrees with the linear explanation on 20,000 seeded random tickets")
    func indexedAgreesWithLinear() throws {
        let router = try Self.router()
        var random = SplitMix64(seed: 42)
        let categories = ["upah", "phk", "pmi", "info", "unknown"]
        let labels = ["thr", "lembur", "x"]
        let channels: [String?] = ["web", "whatsapp", nil]
        let regions: [String?] = ["31", "32", nil]
        for _ in 0..<20_000 {
            let input = RoutingInput(
                category: categories[random.next(below: categories.count)],
                labels: labels.filter { _ in random.next(below: 2) == 0 },
                channel: channels[random.next(below: channels.count)],
                region: regions[random.next(below: regions.count)])
            let fast = try router.route(input).get()
            let slow = try router.explain(input).get().decision
            #expect(fast == slow)
        }
    }
}
