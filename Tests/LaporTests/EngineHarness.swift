import Foundation
import Lapor
import LaporYAML
import Testing

/// The shipped workspace compiled once for the engine tests.
enum Shipped {
    static let workspace: Workspace = WorkspaceLoader().load(path: Fixtures.repository.path).workspace
    static let menaker: Definition = compile("lapor-menaker")
    static let pusban: Definition = compile("pusat-bantuan")

    private static func compile(_ name: String) -> Definition {
        switch Definition.make(workflow: name, in: workspace) {
        case .success(let definition): return definition
        case .failure(let errors): fatalError("shipped workflow \(name) does not compile: \(errors.all)")
        }
    }
}

/// `2025-07-07T09:00+07:00` as an instant; the tests' dates are literals.
func moment(_ text: String) -> Instant {
    guard let value = Instant(parsing: text) else { fatalError("bad instant literal \(text)") }
    return value
}

/// Formats in Jakarta time for readable expectations.
func local(_ value: Instant?) -> String { value.map { $0.formatted(at: UTCOffset(minutes: 420) ?? .utc) } ?? "nil" }

let humas = Actor(role: "humas", id: "humas-1")
let unitActor = Actor(role: "unit", id: "binwas-1")
let adminUnit = Actor(role: "admin_unit")
let reporter = Actor(role: "pelapor")

/// A ticket driven through the engine in a test: keeps the journal and the folded state.
struct TestTicket {
    var definition: Definition
    var state: TicketState?
    var journal: [Event] = []

    init(_ definition: Definition) { self.definition = definition }

    /// Runs `input` at `now`; records and returns the events, or throws the diagnostic.
    @discardableResult
    mutating func run(_ input: Input, at now: String) throws -> [Event] {
        try run(input, at: moment(now))
    }

    @discardableResult
    mutating func run(_ input: Input, at now: Instant) throws -> [Event] {
        let events = try Engine.step(definition, state, input, now: now).get()
        for event in events { state = try TicketState.apply(event, to: state) }
        journal += events
        return events
    }

    /// The diagnostic `input` fails with; records a test failure if it succeeds.
    func failure(_ input: Input, at now: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
        -> Diagnostic?
    {
        switch Engine.step(definition, state, input, now: moment(now)) {
        case .success(let events):
            Issue.record("expected a diagnostic, got \(events.map(\.type))", sourceLocation: sourceLocation)
            return nil
        case .failure(let diagnostic): return diagnostic
        }
    }

    var ticket: TicketState {
        guard let state else { fatalError("ticket not opened") }
        return state
    }

    func clock(_ sla: String) -> SLAClock? { state?.clock(sla) }
}

extension Array where Element == Event {
    var types: [String] { map(\.type) }
}
