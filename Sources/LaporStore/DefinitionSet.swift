import Lapor

/// The compiled workflows a store runs tickets under: the current version of each workflow of a
/// workspace. A ticket runs under the definition its hash pins; if the workspace no longer has
/// that version, commands on it fail with `LAP538` until a migration plan moves it.
public struct DefinitionSet: Sendable {
    /// The definitions, in the workspace's order.
    public let all: [Definition]

    /// Wraps compiled definitions.
    public init(_ definitions: [Definition]) { all = definitions }

    /// Compiles every workflow of `workspace`; fails with the errors of those that do not compile.
    public static func make(from workspace: Workspace) -> Result<DefinitionSet, Diagnostics> {
        var definitions: [Definition] = []
        var errors: [Diagnostic] = []
        for workflow in workspace.workflows {
            switch Definition.make(workflow: workflow.metadata.name.value, in: workspace) {
            case .success(let definition): definitions.append(definition)
            case .failure(let failure): errors += failure.all
            }
        }
        return errors.isEmpty ? .success(DefinitionSet(definitions)) : .failure(Diagnostics(errors))
    }

    /// The definition of workflow `name`.
    public func named(_ name: String) -> Definition? { all.first { $0.name == name } }

    /// The definition with content hash `hash`.
    public func pinned(_ hash: String) -> Definition? { all.first { $0.hash == hash } }

    /// The workflow names, sorted.
    public var names: [String] { all.map(\.name).sorted() }

    /// The definitions whose workflow is in effect on the local date of `instant` (a workflow
    /// without an `effective` period is always in effect).
    public func inEffect(at instant: Instant) -> [Definition] {
        all.filter { definition in
            guard let period = definition.workflow.effective else { return true }
            let date = instant.localDate(at: definition.calendar.offset)
            return period.from.value <= date && date <= period.until.value
        }
    }

    /// The definition for a new ticket: workflow `name` if given, else the one workflow in effect at `now`.
    public func forOpening(_ name: String?, at now: Instant) throws(Diagnostic) -> Definition {
        if let name {
            guard let definition = named(name) else {
                throw .noWorkflowInEffect(date: "any date (no workflow '\(name)')", inEffect: [], known: names)
            }
            return definition
        }
        let candidates = inEffect(at: now)
        guard candidates.count == 1 else {
            let offset = all.first?.calendar.offset ?? .utc
            throw .noWorkflowInEffect(
                date: now.localDate(at: offset).description, inEffect: candidates.map(\.name).sorted(), known: names)
        }
        return candidates[0]
    }
}
