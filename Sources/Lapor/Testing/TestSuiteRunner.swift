/// The result of one test case.
public struct TestCaseResult: Sendable, Hashable {
    /// How a case ended.
    public enum Outcome: Sendable, Hashable {
        /// Every expectation held.
        case passed
        /// Some expectations did not hold.
        case failed([TestFailure])
        /// The case could not be run to its end: the engine refused a step or a computation failed.
        case error(Diagnostic)
    }

    /// The suite's name.
    public var suite: String
    /// The case's name.
    public var name: String
    /// Where the case is written.
    public var location: SourceLocation
    /// How it ended.
    public var outcome: Outcome

    /// Whether the case passed.
    public var passed: Bool { outcome == .passed }
}

/// An expectation that did not hold.
public struct TestFailure: Sendable, Hashable {
    /// Expected and actual, in words.
    public var message: String
    /// The expectation that failed.
    public var location: SourceLocation

    /// Creates a failure.
    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }
}

/// Runs the cases of a test suite against a (validated) workspace.
///
/// A routing-only case asks the workflow's router; a case with `opened` opens a ticket through the
/// engine, takes its steps and fires the timers due up to `until`, exactly as the store would, and
/// then compares the ticket with the expectations.
public enum TestSuiteRunner {
    /// The results of every case of `suite`, in order.
    public static func run(_ suite: TestSuite, in workspace: Workspace) -> [TestCaseResult] {
        let definition: Definition
        switch Definition.make(workflow: suite.workflow.value, in: workspace) {
        case .success(let made): definition = made
        case .failure(let diagnostics):
            let first =
                diagnostics.all.first
                ?? .unknownDocument(.workflow, name: suite.workflow.value, known: [], at: suite.workflow.location)
            return suite.cases.map {
                TestCaseResult(
                    suite: suite.metadata.name.value, name: $0.name.value, location: $0.location, outcome: .error(first)
                )
            }
        }
        return suite.cases.enumerated().map { index, testCase in
            let outcome: TestCaseResult.Outcome
            do throws(Diagnostic) {
                let failures =
                    testCase.opened == nil
                    ? try route(testCase, definition) : try runTicket(testCase, number: index + 1, definition)
                outcome = failures.isEmpty ? .passed : .failed(failures)
            } catch {
                outcome = .error(error)
            }
            return TestCaseResult(
                suite: suite.metadata.name.value, name: testCase.name.value, location: testCase.location,
                outcome: outcome)
        }
    }

    private static func route(_ testCase: TestCase, _ definition: Definition) throws(Diagnostic) -> [TestFailure] {
        guard let router = definition.router else {
            throw .malformedTestCase(
                "test case '\(testCase.name.value)' only routes, but workflow '\(definition.name)' has no routing table",
                at: testCase.location)
        }
        let decision: RouteDecision
        switch router.route(testCase.ticket.routingInput) {
        case .success(let made): decision = made
        case .failure(let diagnostic):
            return [TestFailure("the ticket is not routed: \(diagnostic.message)", at: testCase.ticket.location)]
        }
        return compareRouting(
            testCase.expect, unit: decision.unit, rule: decision.rule, disposition: decision.disposition.rawValue)
    }

    private static func compareRouting(_ expect: TestExpectation, unit: String?, rule: String?, disposition: String?)
        -> [TestFailure]
    {
        var failures: [TestFailure] = []
        let via = rule.map { " (rule '\($0)')" } ?? ""
        if let expected = expect.unit, expected.value != unit {
            failures.append(
                TestFailure("expected unit '\(expected.value)', got \(quoted(unit))\(via)", at: expected.location))
        }
        if let expected = expect.rule, expected.value != rule {
            failures.append(
                TestFailure(
                    "expected rule '\(expected.value)', got \(quoted(rule)) (unit \(quoted(unit)))",
                    at: expected.location))
        }
        if let expected = expect.disposition, expected.value.rawValue != disposition {
            failures.append(
                TestFailure(
                    "expected disposition '\(expected.value.rawValue)', got \(quoted(disposition))\(via)",
                    at: expected.location))
        }
        return failures
    }

    private static func runTicket(_ testCase: TestCase, number: Int, _ definition: Definition) throws(Diagnostic)
        -> [TestFailure]
    {
        guard let opened = testCase.opened else { return [] }
        let roles = definition.workflow.roles.map(\.value)
        let opener = Actor(role: testCase.openedBy?.value ?? roles.first ?? "")
        let ticket = testCase.ticket
        var state: TicketState?
        var rule: String?
        func record(_ events: [Event]) {
            for event in events {
                if case .routed(let routed) = event.payload { rule = routed.rule }
            }
        }
        let open = OpenTicket(
            id: "TEST-\(number)", category: ticket.category.value, labels: ticket.labels.map(\.value),
            channel: ticket.channel?.value, region: ticket.region?.value)
        record(try Engine.run(definition, &state, .open(open, by: opener), now: opened.value).get())
        var now = opened.value
        for step in testCase.steps {
            now = step.at?.value ?? now
            switch Engine.run(
                definition, &state, .transition(step.event.value, by: Actor(role: step.role.value)), now: now)
            {
            case .success(let events): record(events)
            case .failure(let diagnostic):
                return [
                    TestFailure(
                        "step '\(step.event.value)' by \(step.role.value) refused: \(diagnostic.message)",
                        at: step.location)
                ]
            }
        }
        if let until = testCase.until?.value {
            while let current = state, let timer = Engine.pendingTimers(current).first, timer.due <= until {
                record(try Engine.run(definition, &state, .timer(timer), now: timer.due).get())
            }
        }
        guard let final = state else { return [] }
        let end = testCase.until?.value ?? now
        var failures = compareRouting(
            testCase.expect, unit: final.unit, rule: rule, disposition: final.disposition)
        let expect = testCase.expect
        if let expected = expect.state, expected.value != final.state {
            failures.append(
                TestFailure("expected state '\(expected.value)', got '\(final.state)'", at: expected.location))
        }
        for (sla, expected) in expect.slas {
            let actual = try outcome(of: sla.value, in: final, at: end, definition)
            if actual != expected.value {
                failures.append(
                    TestFailure(
                        "expected SLA '\(sla.value)' \(expected.value.rawValue), got \(actual.rawValue)",
                        at: sla.location))
            }
        }
        if let expected = expect.report, expected.value != final.reportTexts {
            failures.append(
                TestFailure(
                    "expected daily report \(list(expected.value)), got \(list(final.reportTexts))",
                    at: expected.location))
        }
        return failures
    }

    /// What an SLA's clock looks like at `end`.
    static func outcome(of sla: String, in state: TicketState, at end: Instant, _ definition: Definition)
        throws(Diagnostic) -> SLAOutcome
    {
        guard let clock = state.clock(sla) else { return .notStarted }
        if clock.breachedAt != nil { return .breached }
        if let remaining = try Engine.remaining(definition, state, sla: sla, now: end), remaining < 0 {
            return .breached
        }
        switch clock.status {
        case .stopped: return .met
        case .paused: return .paused
        case .running: return .running
        }
    }

    private static func quoted(_ value: String?) -> String { value.map { "'\($0)'" } ?? "none" }

    private static func list(_ texts: [String]) -> String {
        "[" + texts.joined(separator: ", ") + "]"
    }
}
