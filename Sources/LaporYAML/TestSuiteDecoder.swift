import Lapor
import Yams

/// Decoding of `kind: TestSuite` documents.
extension DocumentDecoder {
    func testSuite(_ root: Node) -> TestSuite? {
        guard let fields = reader.fields(root, what: "TestSuite", schema: ConfigSchema.testSuite) else { return nil }
        let metadata = metadata(fields)
        let workflow = reader.required(fields, "workflow").flatMap {
            reader.identifier($0, what: "workflow", allowDash: true)
        }
        let cases = reader.required(fields, "cases").map { reader.list($0, what: "cases").compactMap(testCase) } ?? []
        guard let metadata, let workflow else { return nil }
        return TestSuite(metadata: metadata, workflow: workflow, cases: cases, location: fields.location)
    }

    private func testCase(_ node: Node) -> TestCase? {
        guard let fields = reader.fields(node, what: "test case", schema: ConfigSchema.testCase) else { return nil }
        let name = reader.required(fields, "name").flatMap { reader.string($0, what: "test case name") }
        let ticket = reader.required(fields, "ticket").flatMap(testTicket)
        let opened = fields.node("opened").flatMap { reader.instant($0, what: "opened") }
        let openedBy = fields.node("opened_by").flatMap { reader.identifier($0, what: "role") }
        let steps = fields.node("steps").map { reader.list($0, what: "steps").compactMap(testStep) } ?? []
        let until = fields.node("until").flatMap { reader.instant($0, what: "until") }
        let expect = reader.required(fields, "expect").flatMap(testExpectation)
        guard let name, let ticket, let expect else { return nil }
        return TestCase(
            name: name, ticket: ticket, opened: opened, openedBy: openedBy, steps: steps, until: until, expect: expect,
            location: fields.location)
    }

    private func testTicket(_ node: Node) -> TestTicket? {
        guard let fields = reader.fields(node, what: "ticket", schema: ConfigSchema.testTicket) else { return nil }
        let category = reader.required(fields, "category").flatMap { reader.identifier($0, what: "category") }
        let labels = idList(fields.node("labels"), what: "label")
        let channel = fields.node("channel").flatMap { reader.identifier($0, what: "channel") }
        let region = fields.node("region").flatMap { reader.identifier($0, what: "region") }
        guard let category else { return nil }
        return TestTicket(
            category: category, labels: labels, channel: channel, region: region, location: fields.location)
    }

    private func testStep(_ node: Node) -> TestStep? {
        guard let fields = reader.fields(node, what: "step", schema: ConfigSchema.testStep) else { return nil }
        let event = reader.required(fields, "event").flatMap { reader.identifier($0, what: "event name") }
        let role = reader.required(fields, "by").flatMap { reader.identifier($0, what: "role") }
        let at = fields.node("at").flatMap { reader.instant($0, what: "at") }
        guard let event, let role else { return nil }
        return TestStep(event: event, role: role, at: at, location: fields.location)
    }

    private func testExpectation(_ node: Node) -> TestExpectation? {
        guard let fields = reader.fields(node, what: "expect", schema: ConfigSchema.testExpectation) else {
            return nil
        }
        var slas: [(sla: Located<String>, outcome: Located<SLAOutcome>)] = []
        for outcome in SLAOutcome.allCases {
            for sla in ids(fields.node(outcome.rawValue), what: "SLA id") {
                slas.append((sla, Located(outcome, at: sla.location)))
            }
        }
        let report = fields.node("report").map { node in
            Located(
                reader.list(node, what: "report").compactMap { reader.string($0, what: "report text")?.value },
                at: reader.location(of: node))
        }
        return TestExpectation(
            unit: fields.node("unit").flatMap { reader.identifier($0, what: "unit id", allowSlash: true) },
            rule: fields.node("rule").flatMap { reader.identifier($0, what: "rule id", allowDash: true) },
            disposition: fields.node("disposition").flatMap {
                reader.choice($0, what: "disposition", as: Disposition.self)
            },
            state: fields.node("state").flatMap { reader.identifier($0, what: "state id") }, slas: slas,
            report: report, location: fields.location)
    }
}

extension NodeReader {
    /// An ISO 8601 instant with a UTC offset, e.g. `2026-03-13T10:00+07:00`.
    func instant(_ node: Node, what: String) -> Located<Instant>? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Instant(parsing: text.value) else {
            report(
                .invalidValue(
                    what, value: text.value, expected: "an instant like 2026-03-13T10:00+07:00 (with its offset)",
                    at: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }
}
